import Foundation

/// A blocking HTTP/1.1 connection for the trace API tests, with what `HTTPClient` does not
/// offer: a chosen source address (to be `127.0.0.2`, or a non-loopback interface), IPv6,
/// exact header lines (`Host`, `Origin`), and reading a server-sent event stream as it comes.
/// Use it through `blocking`, off the cooperative pool.
final class TraceAPISocket {
    let fd: Int32
    private var buffer: [UInt8] = []
    /// Event stream text received and not yet returned by `readEvent`.
    private var eventText = ""

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

        /// The body parsed as JSON; fails the test's `#require` when it is not JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }

        func object() throws -> [String: Any] {
            guard let object = try json() as? [String: Any] else { throw Failure("not a JSON object: \(text)") }
            return object
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Connects to `host` (an IPv4 or IPv6 literal), from `source` when given.
    init(host: String, port: Int, source: String? = nil, timeout: Int = 10) throws {
        let isV6 = host.contains(":")
        fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        if let source {
            var local = try Self.address(source, port: 0)
            let bound = local.withUnsafeMutableBytes { raw in
                bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
            guard bound == 0 else {
                close(fd)
                throw Failure("bind \(source): \(String(cString: strerror(errno)))")
            }
        }
        var remote = try Self.address(host, port: port)
        let connected = remote.withUnsafeMutableBytes { raw in
            connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure("connect \(host):\(port): \(reason)")
        }
    }

    deinit { close(fd) }

    private static func address(_ host: String, port: Int) throws -> [UInt8] {
        if host.contains(":") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { throw Failure("bad address \(host)") }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw Failure("bad address \(host)") }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    /// Sends a request; `Host` is the connected address unless `headers` name one.
    func send(_ method: String, _ target: String, host: String, headers: [(String, String)], body: String) {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { text += "Host: \(host)\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { throw Failure(count == 0 ? "connection closed" : "recv: \(String(cString: strerror(errno)))") }
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

    /// Reads the status line and headers.
    func readHead() throws -> Response {
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure("bad status line \(statusLine)") }
        var headers: [(String, String)] = []
        while true {
            let text = try line()
            if text.isEmpty { break }
            guard let colon = text.firstIndex(of: ":") else { throw Failure("bad header line \(text)") }
            headers.append((String(text[..<colon]), text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return Response(status: status, headers: headers, body: [])
    }

    /// Reads a whole response.
    func readResponse(head: Bool) throws -> Response {
        var response = try readHead()
        if head || response.status == 204 || response.status == 304 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while let chunk = try readChunk() { response.body += chunk }
        } else if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try take(length)
        }
        return response
    }

    /// The next chunk of a chunked body; nil at its end.
    func readChunk() throws -> [UInt8]? {
        let size = Int(try line(), radix: 16) ?? 0
        if size == 0 {
            _ = try line()
            return nil
        }
        let bytes = try take(size)
        _ = try line()
        return bytes
    }

    /// The next server-sent event of a chunked event stream: its lines, comments included.
    /// Events and comments end with an empty line, as the server writes them.
    func readEvent() throws -> [String] {
        while true {
            if let end = eventText.range(of: "\n\n") {
                let event = String(eventText[..<end.lowerBound])
                eventText.removeSubrange(..<end.upperBound)
                return event.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            guard let chunk = try readChunk() else { throw Failure("event stream ended") }
            eventText += String(decoding: chunk, as: UTF8.self)
        }
    }
}

/// Runs blocking socket work on a thread of its own: the cooperative pool has a thread per
/// core, and the API's async handlers need them while a test waits for an answer.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
