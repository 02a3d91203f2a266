public import Foundation

/// A complete response received by `HTTPClient`.
///
/// ```swift
/// let response = try await client.get("http://127.0.0.1:8080/api/orders/7")
/// guard response.status == .ok else { throw Failure(response.text) }
/// let order = try response.decode(Order.self)
/// let cookies = response.headers.values(for: "Set-Cookie")
/// ```
public struct ClientResponse: Sendable {
    public var status: HTTPStatus
    /// Every header line received, in order; repeated names are kept.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var version: HTTPVersion

    /// Builds a response, e.g. to stand in for a server in a test of code that takes one.
    public init(status: HTTPStatus, headers: HTTPHeaders = [:], body: [UInt8] = [], version: HTTPVersion = .http1_1) {
        self.status = status
        self.headers = headers
        self.body = body
        self.version = version
    }

    /// The body as UTF-8 text; invalid sequences become U+FFFD.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the body as JSON.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(body))
    }
}
