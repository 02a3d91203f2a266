import Foundation
@testable import SpanscopeHTTP

/// A blocking loopback socket that speaks just enough HTTP/1.1 to check a server byte
/// for byte: what goes out is exactly what a test writes, bad input included.
final class RawConnection {
    let fd: Int32

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    }

    struct Closed: Error, CustomStringConvertible {
        var reason = "closed"
        var description: String { reason }
    }

    init(port: Int, timeout: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Closed(reason: "connect: \(reason)")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    private var buffer: [UInt8] = []

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { receive(fd, into: $0) }
        guard count > 0 else { throw Closed(reason: count == 0 ? "end of stream" : "recv: \(String(cString: strerror(errno)))") }
        buffer.append(contentsOf: chunk[..<count])
    }

    private func line() throws -> String {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let text = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return text
            }
            try fill()
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// Reads one response; `head` is true when the request was HEAD (no body follows).
    func readResponse(head: Bool = false) throws -> Response {
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Closed() }
        var headers: [(String, String)] = []
        while true {
            let text = try line()
            if text.isEmpty { break }
            let colon = text.firstIndex(of: ":")!
            headers.append((String(text[..<colon]), text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = Response(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let size = Int(try line(), radix: 16) ?? 0
                if size == 0 {
                    _ = try line()
                    break
                }
                response.body += try take(size)
                _ = try line()
            }
        } else if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try take(length)
        } else {
            while (try? fill()) != nil {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// True when the server closed the connection (reads EOF within the receive timeout).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}

extension RawConnection {
    /// One request on a new connection.
    static func request(port: Int, _ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: String = "") throws -> Response {
        let connection = try RawConnection(port: port)
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        connection.send(text)
        return try connection.readResponse(head: method == "HEAD")
    }
}

/// Starts a server on a free loopback port for one test, and shuts it down after.
func withServer<T>(
    _ router: Router,
    loops: Int = 2,
    limits: ServerConfiguration.Limits = ServerConfiguration.Limits(),
    _ body: (HTTPServer) async throws -> T
) async throws -> T {
    let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: loops, limits: limits, shutdownGracePeriod: .seconds(2)), router: router)
    try server.start()
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// Runs blocking socket work off the cooperative pool, which has one thread per core.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}

/// `recv` on a blocking test socket, retried when a signal interrupts it: with SO_RCVTIMEO
/// set, the kernel never restarts recv after a handler ran, and a signal the process handles
/// (the SIGTERM of SignalShutdownTests, in the same run) would read as the peer going away.
func receive(_ socket: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    while true {
        let count = recv(socket, buffer.baseAddress, buffer.count, 0)
        if count >= 0 || errno != EINTR { return count }
    }
}
