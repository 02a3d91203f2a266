import CLibevent

/// One `HTTPClient.execute` call, from its start on the loop to its single outcome.
///
/// Invariant: created on the caller's thread, then touched only on the client's loop
/// thread. Whatever ends the request — a response, a libevent error, task cancellation,
/// the deadline, shutdown — goes through `finish`, which resumes the continuation once.
final class HTTPClientExchange: @unchecked Sendable {
    let request: HTTPClientPreparedRequest
    /// Why the request is being cancelled; the libevent error that follows reports this.
    var cancelReason: (any Error)?
    /// The connection carrying the request while it is in flight.
    var connection: PooledConnection?
    /// Sends so far: a request lost to a keep-alive race is sent once more.
    var attempts = 0
    private var continuation: CheckedContinuation<ClientResponse, any Error>?
    private var deadline: OpaquePointer?

    init(_ request: HTTPClientPreparedRequest) {
        self.request = request
    }

    /// Takes the continuation and arms the deadline; false when the request already ended
    /// because it was cancelled before reaching the loop.
    func begin(_ continuation: CheckedContinuation<ClientResponse, any Error>, base: OpaquePointer) -> Bool {
        self.continuation = continuation
        if let cancelReason {
            finish(.failure(cancelReason))
            return false
        }
        if let timeout = request.timeout {
            deadline = event_new(base, -1, 0, Self.deadlinePassed, Unmanaged.passUnretained(self).toOpaque())
            var interval = timeval(timeout)
            event_add(deadline, &interval)
        }
        return true
    }

    /// Ends the request with `reason` as soon as libevent lets go of it. A request not yet
    /// started keeps the reason, and `begin` ends it.
    func cancel(_ reason: any Error) {
        guard cancelReason == nil else { return }
        cancelReason = reason
        connection?.cancelInFlight()
    }

    func finish(_ result: Result<ClientResponse, any Error>) {
        guard let continuation else { return }
        self.continuation = nil
        if let deadline {
            event_free(deadline)
            self.deadline = nil
        }
        continuation.resume(with: result)
    }

    /// The exchange is alive while its timer is: `finish` frees the timer first.
    private static let deadlinePassed: event_callback_fn = { _, _, argument in
        Unmanaged<HTTPClientExchange>.fromOpaque(argument!).takeUnretainedValue().cancel(HTTPClientError.deadlineExceeded)
    }
}
