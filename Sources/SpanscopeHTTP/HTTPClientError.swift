/// Why an `HTTPClient` request produced no response.
///
/// Each case names one cause, so a caller can retry a refused connection but not a
/// malformed answer, and a span can record the cause as `error.type`.
///
/// ```swift
/// do {
///     let response = try await client.get("http://127.0.0.1:8080/api/orders")
///     print(response.status)
/// } catch HTTPClientError.connectionRefused(let host, let port) {
///     print("nothing listens on \(host):\(port)")
/// }
/// ```
public enum HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is not `http://host[:port][/path][?query]`.
    case invalidURL(String)
    /// libevent 2.1 can only send GET, POST, HEAD, PUT, DELETE, OPTIONS, TRACE, CONNECT and PATCH.
    case unsupportedMethod(HTTPMethod)
    /// A header name is not a token, or a value holds CR, LF or NUL.
    case invalidHeader(String)
    /// The host name did not resolve.
    case unresolvableHost(String)
    /// The peer answered the connection attempt with a reset: nothing listens there.
    case connectionRefused(host: String, port: Int)
    /// Connecting failed for another reason (`reason` is the system's message).
    case connectionFailed(host: String, port: Int, reason: String)
    /// The connection was not established within `Configuration.connectTimeout`.
    case connectTimeout(host: String, port: Int)
    /// The peer sent or accepted nothing for `Configuration.readTimeout`.
    case readTimeout
    /// The request's own `timeout` ran out.
    case deadlineExceeded
    /// The answer was not valid HTTP/1.x.
    case malformedResponse
    /// The peer closed the connection before the response was complete.
    case connectionClosed
    /// The body exceeded `Configuration.maxResponseBodyBytes`.
    case responseTooLarge(limit: Int)
    /// The client was shut down before the request finished.
    case shutDown

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL '\(url)': expected http://host[:port][/path][?query]"
        case .unsupportedMethod(let method): "method \(method) cannot be sent by libevent 2.1"
        case .invalidHeader(let name): "invalid header '\(name)'"
        case .unresolvableHost(let host): "host '\(host)' did not resolve"
        case .connectionRefused(let host, let port): "connection refused by \(host):\(port)"
        case .connectionFailed(let host, let port, let reason): "connecting to \(host):\(port) failed: \(reason)"
        case .connectTimeout(let host, let port): "connecting to \(host):\(port) timed out"
        case .readTimeout: "the server sent nothing within the read timeout"
        case .deadlineExceeded: "the request did not finish within its timeout"
        case .malformedResponse: "the response was not valid HTTP/1.x"
        case .connectionClosed: "the server closed the connection before the response was complete"
        case .responseTooLarge(let limit): "the response body exceeded \(limit) bytes"
        case .shutDown: "the HTTP client was shut down"
        }
    }
}
