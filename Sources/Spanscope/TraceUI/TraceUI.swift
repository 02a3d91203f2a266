/// The trace UI's JSON API over a `TraceStore`: search, whole traces in several formats,
/// route statistics, requests in flight, store counters, and a live tail.
///
/// Nothing is mounted as a side effect: register it on a router at a prefix, or serve
/// it on a port of its own beside the service. By default only loopback clients may
/// read it (`Access.loopbackOnly`); everything is read-only except pin and unpin.
/// The endpoints and their JSON are described in `docs/trace-api.md`.
///
/// ```swift
/// let store = TraceStore()
/// let tracer = SpanscopeTracer(serviceName: "orders", recorder: store)
/// var router = Router()
/// router.get("/orders/:id") { _, context in Response(text: "order \(context.parameters["id"]!)") }
/// TraceUI(store: store).register(on: &router)          // GET /debug/traces, ...
/// let server = HTTPServer(configuration: .init(port: 8080), router: router)
/// // curl 'http://127.0.0.1:8080/debug/traces?status=error&minDuration=250ms'
/// ```
public struct TraceUI: Sendable {
    public let store: TraceStore
    /// The requests the tracing middleware registers while they run; nil when none is given
    /// (`/active` then answers an empty list).
    public let inFlight: InFlightRequests?
    public let access: Access
    /// How often the live tail writes a comment when no trace matched: keeps proxies from
    /// closing an idle stream and finds out that a client has gone.
    public var heartbeatInterval: Duration = .seconds(15)
    /// Completed traces a live-tail client may lag behind before the oldest are dropped
    /// (and counted in a `dropped` event); the store never waits for a slow client.
    public var liveTailBuffer: Int = 256
    /// The OTLP export feeding on this store, whose counters `/stats` shows under `export`.
    ///
    /// ```swift
    /// var ui = TraceUI(store: store)
    /// ui.exporter = BatchSpanProcessor(exporter: try OTLPExporter())
    /// ```
    public var exporter: BatchSpanProcessor?

    public init(store: TraceStore, inFlight: InFlightRequests? = nil, access: Access = .loopbackOnly) {
        self.store = store
        self.inFlight = inFlight
        self.access = access
    }

    /// Registers the JSON endpoints under `prefix` (`/debug/traces` unless told otherwise) and the
    /// HTML pages under `{prefix}/ui` (a browser opening the list or a trace is sent there).
    ///
    /// ```swift
    /// var router = Router()
    /// TraceUI(store: store, inFlight: inFlight).register(on: &router, at: "/internal/traces")
    /// ```
    public func register(on router: inout Router, at prefix: String = "/debug/traces") {
        let base = Self.normalized(prefix)
        let pages = TracePages(store: store, prefix: base)
        // The search and whole traces may take milliseconds: they run off the event loop.
        // A browser opening either is sent to the page that shows it.
        router.get(base) { request, _ async in
            guarded(request) { request throws(TraceAPIError) in
                try TracePages.sendingBrowsers(request, to: pages.searchPageLocation(for: request)) { () throws(TraceAPIError) in
                    try list(request)
                }
            }
        }
        router.get(base + "/routes") { request, _ in guarded(request, routes) }
        router.get(base + "/active") { request, _ in guarded(request, active) }
        router.get(base + "/stats") { request, _ in guarded(request, statistics) }
        router.get(base + "/stream") { request, _ in guarded(request, stream) }
        router.get(base + "/:traceId") { request, context async in
            guarded(request) { request throws(TraceAPIError) in
                let id = context.parameters["traceId"]
                return try TracePages.sendingBrowsers(request, to: pages.tracePageLocation(for: request, id: id)) { () throws(TraceAPIError) in
                    try trace(request, id: id)
                }
            }
        }
        router.get(base + "/:traceId/summary") { request, context in
            guarded(request) { request throws(TraceAPIError) in try summary(request, id: context.parameters["traceId"]) }
        }
        router.post(base + "/:traceId/pin") { request, context in
            guarded(request) { request throws(TraceAPIError) in try pin(request, id: context.parameters["traceId"]) }
        }
        router.post(base + "/:traceId/unpin") { request, context in
            guarded(request) { request throws(TraceAPIError) in try unpin(request, id: context.parameters["traceId"]) }
        }
        pages.register(on: &router, access: access)
    }

    /// Checks access, then answers; a refusal becomes its JSON error.
    func guarded(_ request: Request, _ answer: (Request) throws(TraceAPIError) -> Response) -> Response {
        do {
            try access.check(request)
            return try answer(request)
        } catch {
            return error.response
        }
    }

    /// `/debug/traces/` and `debug/traces` both mean `/debug/traces`; `/` means the root.
    static func normalized(_ prefix: String) -> String {
        var trimmed = Substring(prefix)
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        while trimmed.first == "/" { trimmed = trimmed.dropFirst() }
        precondition(
            !trimmed.split(separator: "/").contains { $0.first == ":" || $0.first == "*" },
            "the trace UI's prefix must be literal segments, not route parameters: \(prefix)"
        )
        return trimmed.isEmpty ? "" : "/" + trimmed
    }
}
