/// A request for `HTTPClient.execute`.
///
/// `headers` are sent line by line in order, repeated names included, so tracing can
/// inject `traceparent` and several `tracestate` lines. `Host` and `Content-Length` are
/// added when absent.
///
/// ```swift
/// var request = ClientRequest(method: .put, url: "http://127.0.0.1:8080/api/orders/7")
/// request.headers.add("Content-Type", "application/json")
/// request.headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
/// request.body = Array(#"{"qty":2}"#.utf8)
/// request.timeout = .seconds(2)
/// let response = try await client.execute(request)
/// ```
public struct ClientRequest: Sendable {
    public var method: HTTPMethod
    /// `http://host[:port][/path][?query]`; the port defaults to 80, a fragment is dropped.
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// An overall deadline for this request, connecting included; nil for none.
    public var timeout: Duration?

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
