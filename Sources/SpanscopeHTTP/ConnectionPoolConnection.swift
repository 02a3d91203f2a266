import CLibevent
import Foundation

/// One `evhttp_connection` to a host and port, carrying one request at a time.
///
/// Invariant: loop-confined. libevent's callbacks receive this object unretained; the pool
/// keeps it alive until after `evhttp_connection_free`.
///
/// libevent 2.1 reports connect failures without an error callback and uses one timeout
/// for connecting and reading. So while a fresh connection is being established, its
/// bufferevent's event callback is interposed: that sees the precise errno, whether the
/// connect timed out, and the moment it succeeds; and the bufferevent's timeouts are the
/// connect timeout until libevent installs the read timeout on success.
final class PooledConnection: @unchecked Sendable {
    let evcon: OpaquePointer
    let target: HTTPClientTarget
    private unowned let pool: ConnectionPool
    private(set) var exchange: HTTPClientExchange?
    private var request: UnsafeMutablePointer<evhttp_request>?
    // The state of the request in flight.
    private var body: [UInt8] = []
    private var headersReceived = false
    private var connected = false
    private var reused = false
    private var connectFailure: HTTPClientError?
    private var libeventConnectCallback: bufferevent_event_cb?
    private var libeventConnectArgument: UnsafeMutableRawPointer?

    init?(pool: ConnectionPool, target: HTTPClientTarget) {
        guard let evcon = evhttp_connection_base_new(pool.loop.base, nil, target.host, UInt16(target.port)) else { return nil }
        self.evcon = evcon
        self.target = target
        self.pool = pool
        evhttp_connection_set_retries(evcon, 0)
        var readTimeout = timeval(pool.configuration.readTimeout)
        evhttp_connection_set_timeout_tv(evcon, &readTimeout)
    }

    private var bufferevent: OpaquePointer { evhttp_connection_get_bufferevent(evcon) }

    func send(_ exchange: HTTPClientExchange) {
        self.exchange = exchange
        exchange.connection = self
        body = []
        headersReceived = false
        connectFailure = nil
        // A pooled connection the server closed meanwhile has been reset by libevent: no socket.
        reused = bufferevent_getfd(bufferevent) >= 0
        connected = reused

        let prepared = exchange.request
        guard let request = evhttp_request_new(Self.requestDone, Unmanaged.passUnretained(self).toOpaque()) else {
            complete(.failure(connectionFailed("libevent could not create a request")), reusable: reused)
            return
        }
        evhttp_request_set_error_cb(request, Self.requestFailed)
        evhttp_request_set_header_cb(request, Self.headersArrived)
        evhttp_request_set_chunked_cb(request, Self.bodyArrived)
        let headers = evhttp_request_get_output_headers(request)
        // Names and values were validated when the request was prepared.
        prepared.headers.addFields(to: headers)
        prepared.body.withUnsafeBytes { bytes in
            _ = evbuffer_add(evhttp_request_get_output_buffer(request), bytes.baseAddress, bytes.count)
        }
        self.request = request
        guard evhttp_make_request(evcon, request, prepared.command, prepared.target.requestURI) == 0 else {
            complete(.failure(connectionFailed("libevent could not start the request")), reusable: false)
            return
        }
        // A connect that failed at once has already ended the request.
        if !reused && self.request == request {
            TCPSocket.disableNagle(bufferevent_getfd(bufferevent))
            interposeConnectCallback()
        }
    }

    /// Cancels the request in flight; libevent then calls the error callback with
    /// `EVREQ_HTTP_REQUEST_CANCEL`, which reports the exchange's `cancelReason`.
    func cancelInFlight() {
        guard let request else { return }
        evhttp_cancel_request(request)
    }

    private func interposeConnectCallback() {
        var readCallback: bufferevent_data_cb?
        var writeCallback: bufferevent_data_cb?
        var argument: UnsafeMutableRawPointer?
        bufferevent_getcb(bufferevent, &readCallback, &writeCallback, &libeventConnectCallback, &argument)
        libeventConnectArgument = argument
        bufferevent_setcb(bufferevent, readCallback, writeCallback, Self.connectEvent, Unmanaged.passUnretained(self).toOpaque())
        var connectTimeout = timeval(pool.configuration.connectTimeout)
        bufferevent_set_timeouts(bufferevent, &connectTimeout, &connectTimeout)
    }

    private func connectFinished(events: Int16, errorNumber: Int32) {
        if Int32(events) & BEV_EVENT_CONNECTED != 0 {
            connected = true
            pool.connectionEstablished()
        } else {
            connectFailure = connectError(timedOut: Int32(events) & BEV_EVENT_TIMEOUT != 0, errorNumber: errorNumber)
        }
    }

    private func connectError(timedOut: Bool, errorNumber: Int32) -> HTTPClientError {
        if bufferevent_socket_get_dns_error(bufferevent) != 0 { return .unresolvableHost(target.host) }
        if timedOut { return .connectTimeout(host: target.host, port: target.port) }
        if errorNumber == ECONNREFUSED { return .connectionRefused(host: target.host, port: target.port) }
        return connectionFailed(errorNumber == 0 ? "unknown error" : String(cString: strerror(errorNumber)))
    }

    private func connectionFailed(_ reason: String) -> HTTPClientError {
        .connectionFailed(host: target.host, port: target.port, reason: reason)
    }

    private func failure(for error: evhttp_request_error) -> any Error {
        if let reason = exchange?.cancelReason { return reason }
        if let connectFailure { return connectFailure }
        if !connected { return connectError(timedOut: error == EVREQ_HTTP_TIMEOUT, errorNumber: 0) }
        switch error {
        case EVREQ_HTTP_TIMEOUT: return HTTPClientError.readTimeout
        // Without a body limit set in libevent, "too long" only comes from a corrupt chunk.
        case EVREQ_HTTP_INVALID_HEADER, EVREQ_HTTP_DATA_TOO_LONG: return HTTPClientError.malformedResponse
        default: return HTTPClientError.connectionClosed
        }
    }

    private func failed(_ error: evhttp_request_error) {
        guard let exchange else { return }
        let reason = failure(for: error)
        // The server may close an idle keep-alive connection just as a request goes out on it.
        let lostRace = reason as? HTTPClientError == .connectionClosed && reused && !headersReceived
            && exchange.request.isIdempotent && exchange.attempts == 1
        complete(.failure(reason), reusable: false, settle: !lostRace)
        if lostRace { pool.dispatch(exchange, fresh: true) }
    }

    private func responded(_ request: UnsafeMutablePointer<evhttp_request>) {
        guard let exchange else { return }
        // A connect failure reaches the request callback with no status and no error callback.
        guard request.pointee.response_code != 0 else {
            failed(EVREQ_HTTP_EOF)
            return
        }
        var headers = HTTPHeaders()
        var field = evhttp_request_get_input_headers(request).pointee.tqh_first
        while let current = field {
            headers.add(String(cString: current.pointee.key), String(cString: current.pointee.value))
            field = current.pointee.next.tqe_next
        }
        let status = HTTPStatus(
            code: Int(request.pointee.response_code),
            reason: evhttp_request_get_response_code_line(request).map { String(cString: $0) }
        )
        let version = HTTPVersion(major: Int(request.pointee.major), minor: Int(request.pointee.minor))
        let response = ClientResponse(status: status, headers: headers, body: body, version: version)
        let reusable = bufferevent_getfd(bufferevent) >= 0 && Self.keepsAlive(response, method: exchange.request.method)
        complete(.success(response), reusable: reusable)
    }

    /// Whether the connection may carry another request after this response.
    private static func keepsAlive(_ response: ClientResponse, method: HTTPMethod) -> Bool {
        let options = response.headers.values(for: "Connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard response.version.major == 1, !options.contains("close") else { return false }
        if response.version.minor == 0 && !options.contains("keep-alive") { return false }
        // A body without a length ends at close, so the connection ends with it.
        let code = response.status.code
        return method == .head || (100..<200).contains(code) || code == 204 || code == 304
            || response.headers.contains("Content-Length")
            || response.headers.values(for: "Transfer-Encoding").contains { $0.lowercased().contains("chunked") }
    }

    /// Detaches the request from this connection, returns the connection to the pool, then
    /// settles the exchange: the pool is ready before the caller's next request arrives.
    private func complete(_ result: Result<ClientResponse, any Error>, reusable: Bool, settle: Bool = true) {
        guard let exchange else { return }
        self.exchange = nil
        request = nil
        body = []
        exchange.connection = nil
        pool.checkIn(self, reusable: reusable)
        if settle { exchange.finish(result) }
    }

    private static func connection(_ argument: UnsafeMutableRawPointer?) -> PooledConnection {
        Unmanaged<PooledConnection>.fromOpaque(argument!).takeUnretainedValue()
    }

    private static let requestDone: @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Void = { request, argument in
        let connection = connection(argument)
        // libevent passes no request after an error it has already reported.
        guard let request else { return }
        connection.responded(request)
    }

    private static let requestFailed: @convention(c) (evhttp_request_error, UnsafeMutableRawPointer?) -> Void = { error, argument in
        connection(argument).failed(error)
    }

    /// Refuses an announced body over the limit before any of it is read.
    private static let headersArrived: @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Int32 = { request, argument in
        let connection = connection(argument)
        connection.headersReceived = true
        let limit = connection.pool.configuration.maxResponseBodyBytes
        if let request, let length = evhttp_find_header(evhttp_request_get_input_headers(request), "Content-Length"),
           let announced = Int(String(cString: length)), announced > limit {
            // libevent still reads the request after this callback: fail it by returning -1, not by cancelling.
            connection.exchange?.cancelReason = HTTPClientError.responseTooLarge(limit: limit)
            return -1
        }
        return 0
    }

    /// Collects the body as it arrives (libevent drains its buffer after this returns).
    private static let bodyArrived: @convention(c) (UnsafeMutablePointer<evhttp_request>?, UnsafeMutableRawPointer?) -> Void = { request, argument in
        let connection = connection(argument)
        guard let request, let buffer = evhttp_request_get_input_buffer(request) else { return }
        let count = evbuffer_get_length(buffer)
        let limit = connection.pool.configuration.maxResponseBodyBytes
        guard connection.body.count + count <= limit else {
            // Cancelling here is allowed: libevent defers freeing the request until this returns.
            connection.exchange?.cancel(HTTPClientError.responseTooLarge(limit: limit))
            return
        }
        let start = connection.body.count
        connection.body.append(contentsOf: repeatElement(0, count: count))
        connection.body.withUnsafeMutableBytes { bytes in
            _ = evbuffer_copyout(buffer, bytes.baseAddress! + start, count)
        }
    }

    /// Interposed on the bufferevent while connecting; see the type's comment.
    private static let connectEvent: bufferevent_event_cb = { bufferevent, events, argument in
        // libevent's own callback reads errno, so it must survive this one.
        let errorNumber = errno
        let connection = connection(argument)
        connection.connectFinished(events: events, errorNumber: errorNumber)
        errno = errorNumber
        connection.libeventConnectCallback?(bufferevent, events, connection.libeventConnectArgument)
    }
}
