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

    /// Adds the page and asset routes, behind the same access rule as the JSON API.
    /// Pages that render from a few numbers answer on the event loop; a trace page, which
    /// analyzes and encodes a whole trace, is rendered off it.
    func register(on router: inout Router, access: TraceUI.Access) {
        router.get(paths.list) { request, _ in
            try access.refusal(request) ?? searchPage(request, page: .list, template: "list")
        }
        router.get(paths.live) { request, _ in
            try access.refusal(request) ?? searchPage(request, page: .live, template: "live")
        }
        router.get(paths.routes) { request, _ in
            try access.refusal(request) ?? PageTemplates.page("routes", RoutesPageModel(paths: paths, statistics: store.routeStatistics()))
        }
        router.get(paths.traceBase + ":traceId") { request, context async throws in
            try access.refusal(request) ?? tracePage(context.parameters["traceId"])
        }
        router.get(paths.assetTemplate) { request, context in
            try access.refusal(request) ?? UIAssets.response(to: request, version: context.parameters["version"] ?? "", path: context.parameters["*"] ?? "")
        }
    }

    func searchPage(_ request: Request, page: SiteModel.Page, template: String) throws -> Response {
        let model = SearchPageModel(paths: paths, page: page, items: request.queryItems, routeStatistics: store.routeStatistics())
        return try PageTemplates.page(template, model)
    }

    func tracePage(_ id: String?) throws -> Response {
        let site = SiteModel(paths: paths, page: .error)
        let traceID: TraceID
        do throws(TraceAPIError) {
            traceID = try TraceUI.traceID(id)
        } catch {
            return try PageTemplates.errorPage(.badRequest, heading: "Not a trace-id", message: error.message, site: site)
        }
        guard let trace = store.trace(id: traceID) else {
            return try PageTemplates.errorPage(.notFound, heading: "No such trace", message: TraceUI.traceNotFound(traceID).message, site: site)
        }
        return try PageTemplates.page("trace", TracePageModel(paths: paths, trace: trace, store: store))
    }
}
