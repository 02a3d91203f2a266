import SpanscopeHTTP
import SpanscopeTracing

/// The trace list and live tail pages (`templates/list.mustache`, `templates/live.mustache`):
/// a search form filled with the request's own query, so that a search shows what it searched
/// for. The parameters are the JSON API's (docs/trace-api.md); the page's script passes them
/// on to it unchanged and draws what comes back.
struct SearchPageModel {
    struct Values {
        let service: String
        let operation: String
        let route: String
        let name: String
        let minDuration: String
        let maxDuration: String
        let tags: String
        let q: String
        let since: String
        let until: String
        let limit: String
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    let site: SiteModel
    let api: String
    let traceBase: String
    let query: Values
    let statusOptions: [Option]
    let sortOptions: [Option]
    /// Known services and routes, offered as completions.
    let services: [String]
    let routes: [String]

    init(paths: PagePaths, page: SiteModel.Page, items: QueryItems, routeStatistics: [RouteStatistics]) {
        site = SiteModel(paths: paths, page: page)
        api = paths.api
        traceBase = paths.traceBase
        let value = { (name: String) in items[name] ?? "" }
        query = Values(
            service: value("service"), operation: value("operation"), route: value("route"), name: value("name"),
            minDuration: value("minDuration"), maxDuration: value("maxDuration"),
            tags: value("tags"), q: value("q"), since: value("since"), until: value("until"), limit: value("limit")
        )
        statusOptions = Self.options(Self.statuses, selected: value("status"))
        sortOptions = Self.options(Self.sorts, selected: value("sort"))
        services = Set(routeStatistics.map(\.service)).sorted()
        routes = Set(routeStatistics.map(\.route)).sorted()
    }

    /// The API's `status` values; empty is any.
    static let statuses = [("", "any"), ("error", "error"), ("ok", "ok"), ("unset", "unset")]

    /// The API's `sort` values, with what they mean; empty is the API's default.
    static let sorts = [
        ("", "newest first"),
        ("oldest", "oldest first"),
        ("slowest", "slowest first"),
        ("fastest", "fastest first"),
        ("mostSpans", "most spans first"),
    ]

    private static func options(_ choices: [(String, String)], selected: String) -> [Option] {
        choices.map { Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }
}
