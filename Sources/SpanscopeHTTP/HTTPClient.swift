import CLibevent
import Synchronization

/// An HTTP/1.1 client on its own libevent loop, with keep-alive connections per host.
///
/// Safe to use from any task or thread: every libevent call happens on the client's
/// loop thread. Cancelling the awaiting task cancels the request, which then throws
/// `CancellationError`. Call `shutdown()` when done.
///
/// ```swift
/// let client = HTTPClient()
/// let response = try await client.get("http://127.0.0.1:8080/api/orders/7")
/// print(response.status, response.text)
/// let created = try await client.post(
///     "http://127.0.0.1:8080/api/orders",
///     body: Array(#"{"item":"tea"}"#.utf8),
///     headers: ["Content-Type": "application/json"]
/// )
/// await client.shutdown()
/// ```
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    private let loop: EventLoop
    private let pool: ConnectionPool
    private let isShutDown = Mutex(false)

    /// Starts the client's loop thread.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        loop = EventLoop(index: 0)
        pool = ConnectionPool(loop: loop, configuration: configuration)
        // Linux keeps 15 characters of a thread name.
        loop.start(name: "spanscope-clnt")
    }

    deinit {
        beginShutdown()
    }

    /// TCP connections established so far; fewer than requests when keep-alive works.
    public var connectionsOpened: Int { pool.opened.load(ordering: .relaxed) }

    /// Sends a request and returns the complete response, or throws `HTTPClientError`
    /// (`CancellationError` when the task is cancelled).
    public func execute(_ request: ClientRequest) async throws -> ClientResponse {
        let exchange = HTTPClientExchange(try HTTPClientPreparedRequest(request, defaultHeaders: configuration.defaultHeaders))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Checked and queued under one lock, so no request is queued after the loop's last drain.
                let queued = isShutDown.withLock { isShutDown in
                    if !isShutDown {
                        loop.execute { [pool] in pool.start(exchange, continuation: continuation) }
                    }
                    return !isShutDown
                }
                if !queued { continuation.resume(throwing: HTTPClientError.shutDown) }
            }
        } onCancel: { [loop] in
            loop.execute { exchange.cancel(CancellationError()) }
        }
    }

    /// Sends a GET request.
    public func get(_ url: String, headers: HTTPHeaders = [:]) async throws -> ClientResponse {
        try await execute(ClientRequest(method: .get, url: url, headers: headers))
    }

    /// Sends a POST request with a body.
    public func post(_ url: String, body: [UInt8], headers: HTTPHeaders = [:]) async throws -> ClientResponse {
        try await execute(ClientRequest(method: .post, url: url, headers: headers, body: body))
    }

    /// Fails requests still in flight with `HTTPClientError.shutDown`, closes every
    /// connection and stops the loop thread. Later requests throw `shutDown`.
    public func shutdown() async {
        beginShutdown()
        await loop.waitUntilFinished()
    }

    private func beginShutdown() {
        isShutDown.withLock { isShutDown in
            guard !isShutDown else { return }
            isShutDown = true
            loop.execute { [pool] in pool.shutDown() }
            loop.stop()
        }
    }
}
