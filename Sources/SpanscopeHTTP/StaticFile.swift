import Foundation

/// One resolved file's metadata, as `stat` saw it.
struct StaticFile {
    let path: String
    let isDirectory: Bool
    let size: Int
    let modified: timespec
    let inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let kind = info.st_mode & mode_t(S_IFMT)
        guard kind == mode_t(S_IFREG) || kind == mode_t(S_IFDIR) else { return nil }
        self.path = path
        isDirectory = kind == mode_t(S_IFDIR)
        size = Int(info.st_size)
        modified = info.st_mtim
        inode = UInt64(info.st_ino)
    }

    /// Weak: equal size, time and inode suggest, but do not prove, equal bytes.
    var entityTag: String {
        let nanoseconds = Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec)
        return "W/\"\(String(size, radix: 16))-\(String(nanoseconds, radix: 16))-\(String(inode, radix: 16))\""
    }

    func contents() -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}

extension timespec {
    var seconds: Int { Int(tv_sec) }
}
