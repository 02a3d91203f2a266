import Foundation
import SpanscopeTestSupport
import Synchronization

/// A loopback TCP server for client tests: POSIX sockets, one thread per connection, and a
/// script per connection — so a test can answer garbage, stall, or hang up mid-response.
/// A connection closes when its script returns.
final class RawTCPServer: Sendable {
    let port: Int
    private let listener: Int32
    /// Whether a thread accepts: it then owns the listener and closes it when `stop` ends its accept.
    private let accepting: Bool
    private let acceptedConnections = Atomic<Int>(0)
    private let scriptedSockets = ScriptedSockets()
    /// The sockets of `fillBacklog`, closed by `stop`.
    private let fillers = Mutex<[Int32]>([])
    private let stopped = Atomic<Bool>(false)

    /// Every blocking read on an accepted socket gives up after this, so no test thread hangs.
    static let socketTimeout: TimeInterval = 10

    /// Listens on 127.0.0.1 on a free port. With `accepting` false, nothing is ever accepted
    /// (see `fillBacklog`).
    init(backlog: Int32 = 128, accepting: Bool = true, script: @escaping @Sendable (ScriptedConnection) -> Void = { _ in }) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, backlog) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        self.listener = listener
        self.accepting = accepting
        port = Int(UInt16(bigEndian: address.sin_port))
        guard accepting else { return }
        // The loop holds the server only between accepts, so that a server a test drops is
        // deinitialized, shuts its listener down, and ends the loop.
        let thread = Thread { [weak self, listener] in
            defer { close(listener) }
            while true {
                let socket = accept(listener, nil, nil)
                guard socket >= 0 else {
                    // Only `stop` may end the thread: it still shuts the listener down by number.
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return
                }
                guard let self else {
                    close(socket)
                    return
                }
                self.serve(socket, script)
            }
        }
        thread.stackSize = 256 << 10
        thread.start()
    }

    deinit { stop() }

    /// Connections accepted so far.
    var accepted: Int { acceptedConnections.load(ordering: .relaxed) }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Fills the accept queue of a server with `backlog: 0` that does not accept: the
    /// kernel then drops further SYNs, so the next connect attempt times out.
    func fillBacklog() throws {
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        fillers.withLock { $0.append(filler) }
        guard connected else { throw POSIXError(.ECONNREFUSED) }
    }

    /// Stops listening and ends every connection, once.
    ///
    /// A descriptor is closed only by its owner, after the last use: the listener by the
    /// accept thread, an accepted socket by its script's thread. Closed here, under a thread
    /// still using it, its number would soon name another test's socket (an HTTPClient's
    /// connection or event fd), which that thread would then read from, write to or shut down.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Ends a waiting accept (EINVAL), and with it the accept thread.
        shutdown(listener, Int32(SHUT_RDWR))
        if !accepting { close(listener) }
        scriptedSockets.shutDownAll()
        for socket in fillers.withLock({ $0 }) {
            close(socket)
        }
    }

    private func serve(_ socket: Int32, _ script: @escaping @Sendable (ScriptedConnection) -> Void) {
        acceptedConnections.add(1, ordering: .relaxed)
        var timeout = timeval(tv_sec: Int(Self.socketTimeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        scriptedSockets.add(socket)
        let thread = Thread { [scriptedSockets] in
            script(ScriptedConnection(socket: socket))
            scriptedSockets.close(socket)
        }
        thread.stackSize = 256 << 10
        thread.start()
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

extension RawTCPServer {
    /// A server that answers every request on a connection with `respond`, until the peer closes.
    static func http(_ respond: @escaping @Sendable (RawRequest) -> String) throws -> RawTCPServer {
        try RawTCPServer { connection in
            while let request = connection.readRequest() {
                connection.write(respond(request))
            }
        }
    }

    /// An HTTP/1.1 response with `Content-Length`.
    static func response(_ status: String = "200 OK", headers: [(String, String)] = [], body: String = "") -> String {
        var text = "HTTP/1.1 \(status)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return text + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }
}

/// The accepted sockets whose scripts still run. A socket stays open until its script
/// returns, so that `shutDownAll` never reaches a number that was closed and reused.
private final class ScriptedSockets: Sendable {
    private let state = Mutex<(open: Set<Int32>, ended: Bool)>(([], false))

    /// Registers an accepted socket; one accepted as the server stopped is shut down at once.
    func add(_ socket: Int32) {
        state.withLock { state in
            state.open.insert(socket)
            if state.ended { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    /// Closes a socket whose script has returned.
    func close(_ socket: Int32) {
        state.withLock { state in
            state.open.remove(socket)
            _ = Foundation.close(socket)
        }
    }

    /// Ends every connection, and every one added later: a script reading sees the end of
    /// input, a script writing an error.
    func shutDownAll() {
        state.withLock { state in
            state.ended = true
            for socket in state.open { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }
}

/// A request as the raw server parsed it: header lines exactly as received, in order.
struct RawRequest: Sendable {
    var method: String
    var target: String
    var headerLines: [(name: String, value: String)]
    var body: [UInt8]

    func values(for name: String) -> [String] {
        headerLines.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}

/// One accepted socket, used by its own script thread only.
final class ScriptedConnection: @unchecked Sendable {
    let socket: Int32
    private var buffer: [UInt8] = []

    init(socket: Int32) { self.socket = socket }

    /// The next request, or nil once the peer closed or went silent.
    func readRequest() -> RawRequest? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { buffer[$0..<$0 + 4].elementsEqual(separator) }
            if headEnd == nil && !fill() { return nil }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let headerLines = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var request = RawRequest(method: String(requestLine[0]), target: String(requestLine[1]), headerLines: headerLines, body: [])
        let length = request.values(for: "Content-Length").first.flatMap { Int($0) } ?? 0
        while buffer.count < length {
            if !fill() { return nil }
        }
        request.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return request
    }

    func write(_ text: String) {
        write(Array(text.utf8))
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Blocks until the peer closes (or the socket timeout passes); true if it closed.
    @discardableResult
    func waitForClose() -> Bool {
        while fill() {}
        return errno != EAGAIN && errno != EWOULDBLOCK
    }

    func close() {
        shutdown(socket, Int32(SHUT_RDWR))
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { receive(socket, into: $0) }
        guard count > 0 else {
            if count == 0 { errno = 0 }
            return false
        }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }
}
