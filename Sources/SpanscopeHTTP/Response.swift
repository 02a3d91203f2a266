public import Foundation

/// An HTTP response: status, headers and a body of bytes or a stream.
///
/// ```swift
/// router.get("/hello") { _, _ in Response(text: "hello") }
/// router.get("/order") { _, _ in try .json(Order(id: 1)) }
/// router.get("/events") { _, _ in
///     Response(headers: ["Content-Type": "text/event-stream"]) { writer in
///         try await writer.write("data: hi\n\n")
///     }
/// }
/// ```
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: ResponseBody
    /// Set by `onWritten(_:)`; the server calls it once the response is written.
    private(set) var writtenHandler: (@Sendable (_ bodyBytes: Int) -> Void)?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: ResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The response the server sends for an error a handler or middleware threw: an
    /// `HTTPError` its own, anything else a 500 that says nothing of its cause.
    ///
    /// ```swift
    /// let response = Response(error: HTTPError(.notFound, "no such order")) // 404, "no such order"
    /// ```
    public init(error: any Error) {
        if let error = error as? HTTPError {
            self = error.response
        } else {
            self.init(status: .internalServerError, text: "internal server error\n")
        }
    }

    /// A UTF-8 text body, `text/plain` unless the headers say otherwise.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], text: String) {
        self.init(status: status, headers: headers, bytes: Array(text.utf8), contentType: "text/plain; charset=utf-8")
    }

    /// A byte body with a content type (kept if the headers already name one).
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], bytes: [UInt8], contentType: String) {
        var headers = headers
        // Room for the few fields middleware add on the way out (tracing adds three), so
        // that they do not copy the list again on every request.
        headers.reserveCapacity(headers.count + 4)
        if !headers.contains("Content-Type") { headers.add("Content-Type", contentType) }
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }

    /// A chunked body written by `stream`; the response ends when it returns.
    public init(
        status: HTTPStatus = .ok,
        headers: HTTPHeaders = [:],
        stream: @escaping @Sendable (ResponseBodyWriter) async throws -> Void
    ) {
        self.init(status: status, headers: headers, body: .stream(stream))
    }

    /// A JSON body encoded with `JSONEncoder`.
    public static func json(
        _ value: some Encodable,
        status: HTTPStatus = .ok,
        headers: HTTPHeaders = [:],
        encoder: JSONEncoder = JSONEncoder()
    ) throws -> Response {
        Response(status: status, headers: headers, bytes: Array(try encoder.encode(value)), contentType: "application/json")
    }

    /// Runs `handler` on the connection's loop thread once the whole response has been
    /// handed to the connection (for a stream: after its last chunk), with the number of
    /// body bytes written (0 for HEAD, 204 and 304). It also runs, with what was written,
    /// when the client or the server closed the connection first. Handlers added by several
    /// calls run in the order added. It must return quickly: the loop waits for it.
    ///
    /// ```swift
    /// struct AccessLog: Middleware {
    ///     func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
    ///         let started = ContinuousClock.now
    ///         var response = try await next(request, context)
    ///         response.onWritten { bytes in print(request.uri, bytes, ContinuousClock.now - started) }
    ///         return response
    ///     }
    /// }
    /// ```
    public mutating func onWritten(_ handler: @escaping @Sendable (_ bodyBytes: Int) -> Void) {
        guard let earlier = writtenHandler else {
            writtenHandler = handler
            return
        }
        writtenHandler = { bytes in
            earlier(bytes)
            handler(bytes)
        }
    }

    /// The body's size in bytes when known up front (nil for a stream).
    public var bodySize: Int? {
        if case .bytes(let bytes) = body { return bytes.count }
        return nil
    }
}

/// What follows the head of a response.
public enum ResponseBody: Sendable {
    case bytes([UInt8])
    /// Sent with chunked transfer encoding as the closure writes.
    case stream(@Sendable (ResponseBodyWriter) async throws -> Void)
}

/// Writes the chunks of a streaming response.
///
/// `write` returns once the chunk is queued on the connection's loop; it throws
/// `ResponseBodyWriter.ClientGone` once the client has disconnected, so a
/// long stream (a live tail) stops instead of writing into the void.
public struct ResponseBodyWriter: Sendable {
    /// Thrown by `write` when the client has gone away.
    public struct ClientGone: Error, Sendable {}

    let writeChunk: @Sendable ([UInt8]) async throws -> Void

    public init(writeChunk: @escaping @Sendable ([UInt8]) async throws -> Void) {
        self.writeChunk = writeChunk
    }

    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await writeChunk(bytes)
    }

    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }
}

extension Request {
    /// Decodes the body as JSON; a malformed body is a 400 with a short reason.
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        do {
            return try decoder.decode(type, from: Data(body))
        } catch {
            throw HTTPError(.badRequest, "invalid JSON body")
        }
    }
}
