public import SpanscopeHTTP
public import SpanscopeTracing

/// Receives spans over OTLP/HTTP (`POST /v1/traces`) from any OpenTelemetry SDK
/// or Collector, into a `TraceStore`, where they join this process's spans of
/// the same traces (`TraceStore.record(received:rejectedSpanCount:)`).
///
/// It speaks OTLP/HTTP as the specification says: `application/x-protobuf` and
/// `application/json` bodies, answered in the same encoding; `Content-Encoding:
/// gzip` or none; `200` with an empty `ExportTraceServiceResponse`, or with
/// `partialSuccess` (`rejectedSpans`, `errorMessage`) when some spans could not
/// be read; `400` with a `google.rpc.Status` for a payload that is not a
/// request; `413` beyond `Limits`; `415` for another content type or encoding.
/// Refused requests are counted in the store's statistics.
///
/// Mounting is explicit, on any router, and decoding runs in a task, never on an
/// event loop thread, so a large batch does not hold up the loop's other connections.
///
/// ```swift
/// let store = TraceStore()
/// var router = Router()
/// OTLPReceiver(store: store).register(on: &router) // POST /v1/traces
/// let server = HTTPServer(configuration: ServerConfiguration(port: 4318), router: router)
/// try await server.run()
/// ```
public struct OTLPReceiver: Sendable {
    public let store: TraceStore
    public var limits: Limits

    public init(store: TraceStore, limits: Limits = Limits()) {
        self.store = store
        self.limits = limits
    }

    /// Routes `POST path` (OTLP's `/v1/traces` by default) to this receiver.
    ///
    /// ```swift
    /// receiver.register(on: &router)
    /// ```
    public func register(on router: inout Router, at path: String = "/v1/traces") {
        router.on(.post, path, handler: .asynchronous { request, _ in respond(to: request) })
    }

    /// The answer to one export request: what the registered route sends.
    ///
    /// ```swift
    /// let response = receiver.respond(to: request)
    /// ```
    public func respond(to request: Request) -> Response {
        guard let encoding = OTLPProtocol(contentType: request.headers["Content-Type"]) else {
            store.countRefusedRequest()
            return Response(
                status: .unsupportedMediaType,
                text: "Content-Type must be \(OTLPProtocol.httpProtobuf.contentType) or \(OTLPProtocol.httpJSON.contentType)\n"
            )
        }
        do {
            let body = try OTLPRequestBody.decompressed(request, limits: limits)
            let decoded = try encoding.decodeRequest(body)
            store.record(received: decoded.spans, rejectedSpanCount: decoded.rejectedSpanCount)
            return encoding.successResponse(decoded)
        } catch {
            store.countRefusedRequest()
            return encoding.refusalResponse(error)
        }
    }
}
