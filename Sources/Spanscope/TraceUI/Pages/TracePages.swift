import SpanscopeHTTP
import SpanscopeTracing
import W3CTraceContext

/// The trace UI's HTML pages and their assets, registered under a prefix beside the JSON API
/// (`TraceUI.register` mounts both):
///
/// - `{prefix}/ui`: trace search, scatter plot and results
/// - `{prefix}/ui/routes`: per-route statistics and the requests in flight
/// - `{prefix}/ui/trace/{traceId}`: the waterfall, findings, span detail and comparison
/// - `{prefix}/ui/live`: the live tail
/// - `{prefix}/ui/assets/{version}/{file}`: scripts and styles embedded from `Public/`
///
/// Pages are read-only and render from the store; their scripts read the JSON API.
struct TracePages: Sendable {
    let store: TraceStore
    let paths: PagePaths

    init(store: TraceStore, prefix: String) {
        self.store = store
        paths = PagePaths(prefix: prefix)
    }

    /// Adds the page and asset routes; `guarded` wraps each handler with the UI's access check.
    func register(
        on router: inout Router,
        guarded: (@escaping @Sendable (Request, RequestContext) async throws -> Response) -> @Sendable (Request, RequestContext) async throws -> Response
    ) {
        router.get(paths.list, guarded { request, _ in try self.searchPage(request, page: .list, template: "list") })
        router.get(paths.live, guarded { request, _ in try self.searchPage(request, page: .live, template: "live") })
        router.get(paths.routes, guarded { _, _ in try self.routesPage() })
        router.get(paths.traceBase + ":traceId", guarded { _, context in try self.tracePage(context.parameters["traceId"] ?? "") })
        router.get(paths.assetTemplate, guarded { request, context in
            try UIAssets.response(to: request, version: context.parameters["version"] ?? "", path: context.parameters["*"] ?? "")
        })
    }

    func searchPage(_ request: Request, page: SiteModel.Page, template: String) throws -> Response {
        let model = SearchPageModel(paths: paths, page: page, items: request.queryItems, routeStatistics: store.routeStatistics())
        return try PageTemplates.page(template, model)
    }

    func routesPage() throws -> Response {
        try PageTemplates.page("routes", RoutesPageModel(paths: paths, statistics: store.routeStatistics()))
    }

    func tracePage(_ id: String) throws -> Response {
        let site = SiteModel(paths: paths, page: .error)
        guard let traceID = Self.traceID(hex: id) else {
            return try PageTemplates.errorPage(.badRequest, heading: "Not a trace-id", message: "A trace-id is 32 lowercase hex digits, not all zero.", site: site)
        }
        guard let trace = store.trace(id: traceID) else {
            return try PageTemplates.errorPage(
                .notFound, heading: "No such trace",
                message: "The store holds no trace \(id): it never completed here, or it was evicted.", site: site
            )
        }
        return try PageTemplates.page("trace", TracePageModel(paths: paths, trace: trace, store: store))
    }

    /// A W3C trace-id: 32 lowercase hex digits, not all zero.
    static func traceID(hex: String) -> TraceID? {
        let digits = Array(hex.utf8)
        guard digits.count == 32 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 {
            guard let high = nibble(digits[2 * index]), let low = nibble(digits[2 * index + 1]) else { return nil }
            bytes[index] = high << 4 | low
        }
        guard bytes.contains(where: { $0 != 0 }) else { return nil }
        return TraceID(bytes: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
