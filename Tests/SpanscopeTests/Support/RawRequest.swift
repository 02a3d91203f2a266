import Foundation

/// One request written byte for byte on a fresh loopback connection, for what `HTTPClient`
/// refuses to send (a method token it does not know). The request asks the server to
/// close, so the answer is read to the end of the stream.
enum RawRequest {
    struct Answer: Sendable {
        var statusLine: String
        var headers: [(name: String, value: String)]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static func send(port: Int, _ head: String) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            // Blocking socket calls stay off the cooperative pool.
            Thread.detachNewThread {
                continuation.resume(with: Result { try exchange(port: port, head) })
            }
        }
    }

    private static func exchange(port: Int, _ head: String) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failed(description: "connect: \(String(cString: strerror(errno)))") }
        let request = Array((head + "Connection: close\r\n\r\n").utf8)
        guard request.withUnsafeBytes({ Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            throw Failed(description: "short send")
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let headEnd = text.range(of: "\r\n\r\n") else { throw Failed(description: "no complete head in \(text.debugDescription)") }
        var lines = text[..<headEnd.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Answer(statusLine: statusLine, headers: headers)
    }
}
