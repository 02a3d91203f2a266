import Foundation

/// A blocking HTTP/1.1 connection that checks a server byte for byte, with what `HTTPClient`
/// does not offer: what goes out is exactly what a test writes (bad input, `Host`, `Origin`
/// included), from a chosen source address (`127.0.0.2`), over IPv4 or IPv6, and a chunked
/// body or a server-sent event stream can be read as it comes. Use it through `blocking`,
/// off the cooperative pool.
///
/// ```swift
/// let response = try await blocking { try RawConnection.request(port: port, "GET", "/health") }
/// ```
public final class RawConnection {
    public let fd: Int32
    private var buffer: [UInt8] = []
    /// Event stream text received and not yet returned by `readEvent`.
    private var eventText = ""

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }

        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        public func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    }

    /// The connection failed, closed, or carried something that is not HTTP.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Connects to `host` (an IPv4 or IPv6 literal), from `source` when given; reads give up
    /// after `timeout` seconds.
    public init(host: String = "127.0.0.1", port: Int, source: String? = nil, timeout: Int = 10) throws {
        fd = socket(host.contains(":") ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
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

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Sends a request with its `Content-Length`; `Host` is `host` unless `headers` name one.
    public func send(_ method: String, _ target: String, host: String, headers: [(String, String)] = [], body: String = "") {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { text += "Host: \(host)\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        send(text + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { receive(fd, into: $0) }
        guard count > 0 else { throw Failure(count == 0 ? "end of stream" : "recv: \(String(cString: strerror(errno)))") }
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
    public func readHead() throws -> Response {
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

    /// Reads one response; `head` is true when the request was HEAD (no body follows). A body
    /// with neither a length nor chunks runs to the end of the connection.
    public func readResponse(head: Bool = false) throws -> Response {
        var response = try readHead()
        if head || response.status == 204 || response.status == 304 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while let chunk = try readChunk() { response.body += chunk }
        } else if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try take(length)
        } else {
            while (try? fill()) != nil {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// The next chunk of a chunked body; nil at its end.
    public func readChunk() throws -> [UInt8]? {
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
    public func readEvent() throws -> [String] {
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

    /// True when the server closed the connection (reads EOF within the receive timeout).
    public func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return withUnsafeMutableBytes(of: &byte) { receive(fd, into: $0) } == 0
    }
}

extension RawConnection {
    /// One request on a new connection to 127.0.0.1.
    public static func request(port: Int, _ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: String = "") throws -> Response {
        let connection = try RawConnection(port: port)
        connection.send(method, target, host: "127.0.0.1", headers: headers, body: body)
        return try connection.readResponse(head: method == "HEAD")
    }
}

/// Runs blocking socket work on a thread of its own: the cooperative pool has a thread per
/// core, and the server's async handlers need them while a test waits for an answer.
public func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}

/// `recv` on a blocking test socket, retried when a signal interrupts it: with SO_RCVTIMEO
/// set, the kernel never restarts recv after a handler ran, and a signal the process handles
/// (the SIGTERM of SignalShutdownTests, in the same run) would read as the peer going away.
public func receive(_ socket: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    while true {
        let count = recv(socket, buffer.baseAddress, buffer.count, 0)
        if count >= 0 || errno != EINTR { return count }
    }
}
