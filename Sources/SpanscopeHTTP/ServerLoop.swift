import CLibevent
import Foundation

/// One event loop of a server: its evhttp, its SO_REUSEPORT listener, its requests.
///
/// Threading invariant: everything but `start`, `stopAccepting` and `close` runs only on
/// `eventLoop`'s thread; those three hop onto it.
final class ServerLoop: @unchecked Sendable {
    let eventLoop: EventLoop
    let boundPort: Int
    let responder: Responder
    let inFlight: RequestCounter
    let keepAlive: Bool
    private let http: OpaquePointer
    private var boundSocket: OpaquePointer?
    /// Set once evhttp is freed; replies that arrive later are dropped. Loop thread only.
    private(set) var isClosedForReplies = false
    /// Method tokens that libevent 2.1 cannot name, keyed by the connection's input
    /// buffer. Loop thread only.
    var unknownMethods: [UnsafeMutableRawPointer: String] = [:]
    private let host: String
    private let readTimeout: timeval
    private let writeTimeout: timeval
    /// libevent 2.1 gives a connection one timeout for both directions; a different write
    /// timeout is set on each connection's bufferevent when its first request arrives.
    private let hasOwnWriteTimeout: Bool

    init(index: Int, configuration: ServerConfiguration, responder: Responder, inFlight: RequestCounter, port: Int) throws {
        eventLoop = EventLoop(index: index)
        self.responder = responder
        self.inFlight = inFlight
        host = configuration.host
        let limits = configuration.limits
        keepAlive = limits.keepAlive
        readTimeout = limits.readTimeout.timeval
        writeTimeout = limits.writeTimeout.timeval
        hasOwnWriteTimeout = limits.writeTimeout != limits.readTimeout
        guard let http = evhttp_new(eventLoop.base) else { fatalError("evhttp_new failed") }
        self.http = http

        // The first loop claims the port; the others join it.
        let listener = try Self.listen(base: eventLoop.base, host: configuration.host, port: port, joining: index > 0)
        boundPort = Self.localPort(of: evconnlistener_get_fd(listener))
        boundSocket = evhttp_bind_listener(http, listener)

        // Every method reaches the router: the unknown ones included (libevent's bit for them is 1 << 15).
        evhttp_set_allowed_methods(http, 0xFFFF)
        evhttp_set_max_headers_size(http, limits.maxHeaderBytes)
        evhttp_set_max_body_size(http, limits.maxBodyBytes)
        var timeout = readTimeout
        evhttp_set_timeout_tv(http, &timeout)
        evhttp_set_default_content_type(http, nil)
        // Drain an oversized body before answering 413, so the client reads the answer instead of a reset.
        evhttp_set_flags(http, Int32(EVHTTP_SERVER_LINGERING_CLOSE))
        let me = Unmanaged.passUnretained(self).toOpaque()
        evhttp_set_gencb(http, { request, arg in
            Unmanaged<ServerLoop>.fromOpaque(arg!).takeUnretainedValue().handle(request!)
        }, me)
        evhttp_set_bevcb(http, { base, arg in
            Unmanaged<ServerLoop>.fromOpaque(arg!).takeUnretainedValue().makeBufferEvent(base: base!)
        }, me)
    }

    func start() {
        // Linux keeps at most 15 characters of a thread name.
        eventLoop.start(name: "spanscope-\(eventLoop.index)")
    }

    /// Closes the listener: new connections are refused, open ones go on.
    func stopAccepting() {
        eventLoop.execute { [self] in
            guard let socket = boundSocket else { return }
            evhttp_del_accept_socket(http, socket)
            boundSocket = nil
        }
    }

    /// Frees evhttp (closing every connection) and stops the loop.
    func close() {
        eventLoop.execute { [self] in
            guard !isClosedForReplies else { return }
            isClosedForReplies = true
            evhttp_free(http)
            event_base_loopbreak(eventLoop.base)
        }
    }

    /// Frees a loop that never started, from the thread that made it.
    func discard() {
        isClosedForReplies = true
        evhttp_free(http)
    }

    // MARK: Requests

    private func handle(_ request: UnsafeMutablePointer<evhttp_request>) {
        inFlight.increment()
        // libevent 2.1 answers unparseable requests itself (400, 413 for a body over the
        // limit); a request without a URI must still never reach a handler.
        guard let uri = evhttp_request_get_uri(request) else {
            reply(request, with: Response(status: .badRequest, headers: ["Connection": "close"], text: "malformed request\n"))
            return
        }
        let parsed = makeRequest(request, uri: String(cString: uri))
        if hasOwnWriteTimeout { applyWriteTimeout(request) }
        var context = RequestContext(serverHost: host, serverPort: boundPort, loopIndex: eventLoop.index)
        switch responder.respond(to: parsed, context: &context) {
        case .immediate(let response):
            reply(request, with: response)
        case .deferred(let work):
            let pending = LoopBound(request)
            Task { [self] in
                let response = await work()
                eventLoop.execute { [self] in reply(pending.value, with: response) }
            }
        }
    }

    private func applyWriteTimeout(_ request: UnsafeMutablePointer<evhttp_request>) {
        guard let connection = evhttp_request_get_connection(request),
              let bufferEvent = evhttp_connection_get_bufferevent(connection) else { return }
        var read = readTimeout, write = writeTimeout
        bufferevent_set_timeouts(bufferEvent, &read, &write)
    }
}
