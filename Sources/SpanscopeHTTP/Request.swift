/// An HTTP request as a handler sees it.
///
/// ```swift
/// router.post("/api/orders") { request, context in
///     let order = try request.decode(Order.self)
///     let verbose = request.queryItems["verbose"] == "1"
///     return try .json(order, status: .created)
/// }
/// ```
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The request target as sent: path and query, still percent-encoded.
    public var uri: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var remoteAddress: String
    public var remotePort: Int
    public var version: HTTPVersion

    public init(
        method: HTTPMethod,
        uri: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        remoteAddress: String = "",
        remotePort: Int = 0,
        version: HTTPVersion = .http1_1
    ) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.version = version
    }

    /// The path part of the target, still percent-encoded (`/api/orders/42`).
    public var path: Substring {
        let end = uri.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? uri.endIndex
        return uri[..<end]
    }

    /// The raw query, without `?`; nil when the target has none.
    public var query: Substring? {
        guard let mark = uri.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        let start = uri.index(after: mark)
        let end = uri[start...].utf8.firstIndex(of: UInt8(ascii: "#")) ?? uri.endIndex
        return uri[start..<end]
    }

    /// The query decoded into items, in order (`+` is a space in form encoding).
    public var queryItems: QueryItems {
        QueryItems(parsing: query ?? "")
    }
}

/// The HTTP version of a request.
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// As OpenTelemetry's `network.protocol.version` writes it: `1.1`, `1.0`, `2`.
    public var description: String { minor == 0 && major >= 2 ? "\(major)" : "\(major).\(minor)" }
}
