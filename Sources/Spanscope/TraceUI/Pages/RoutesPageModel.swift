import Foundation
import SpanscopeTracing

/// The routes page (`templates/routes.mustache`): per route of each service the request and
/// error counts, percentiles, and a cell per latency decade that opens its exemplar traces,
/// rendered from `TraceStore.routeStatistics()`. The page's script adds the requests in flight.
///
/// Mustache reads models by reflection, which sees stored properties only: flags are stored.
struct RoutesPageModel {
    struct Link {
        let number: Int
        let href: String
        let title: String
    }

    struct Bucket {
        let label: String
        let count: Int
        /// 0 for an empty cell, else 1...5 by the count's share of the route's fullest bucket.
        let heat: Int
        let exemplarCount: Int
        /// The newest exemplar's trace page.
        let firstExemplar: String?
        let moreExemplars: [Link]
        let hasMoreExemplars: Bool
    }

    struct Route {
        let service: String
        let route: String
        let searchHref: String
        let count: Int
        let errorCount: Int
        let hasErrors: Bool
        let errorShare: String?
        let p50: String
        let p90: String
        let p99: String
        let buckets: [Bucket]
        let slowest: [Link]
    }

    let site: SiteModel
    let api: String
    let traceBase: String
    let bucketLabels: [String]
    let routes: [Route]
    let hasRoutes: Bool

    init(paths: PagePaths, statistics: [RouteStatistics]) {
        site = SiteModel(paths: paths, page: .routes)
        api = paths.api
        traceBase = paths.traceBase
        // The decades some route has requests in, from the fastest to the slowest: nine columns
        // where most are empty would push the ones that matter off the screen.
        let used = LatencyBucket.allCases.filter { bucket in statistics.contains { $0.buckets[bucket.rawValue].count > 0 } }
        let shown = used.isEmpty ? [] : Array(LatencyBucket.allCases[used.first!.rawValue...used.last!.rawValue])
        bucketLabels = shown.map(\.label)
        routes = statistics.map { route in
            let fullest = max(1, route.buckets.map(\.count).max() ?? 1)
            return Route(
                service: route.service,
                route: route.route,
                searchHref: paths.list + "?" + Self.query(["service": route.service, "route": route.route]),
                count: route.count,
                errorCount: route.errorCount,
                hasErrors: route.errorCount > 0,
                errorShare: route.errorCount > 0 ? percentText(UInt64(route.errorCount), of: UInt64(route.count)) : nil,
                p50: route.p50Nanos.map(durationText) ?? "–",
                p90: route.p90Nanos.map(durationText) ?? "–",
                p99: route.p99Nanos.map(durationText) ?? "–",
                buckets: shown.map { route.buckets[$0.rawValue] }.map { bucket in
                    let newestFirst = bucket.exemplarTraceIDs.reversed().map(paths.trace)
                    let more = newestFirst.dropFirst().enumerated().map { offset, href in
                        Link(number: offset + 2, href: href, title: "Exemplar trace \(offset + 2)")
                    }
                    return Bucket(
                        label: bucket.label,
                        count: bucket.count,
                        heat: bucket.count == 0 ? 0 : min(5, 1 + 4 * bucket.count / fullest),
                        exemplarCount: newestFirst.count,
                        firstExemplar: newestFirst.first,
                        moreExemplars: more,
                        hasMoreExemplars: !more.isEmpty
                    )
                },
                slowest: route.slowestTraceIDs.enumerated().map { offset, id in
                    Link(number: offset + 1, href: paths.trace(id), title: "Slowest trace \(offset + 1)")
                }
            )
        }
        hasRoutes = !routes.isEmpty
    }

    /// A query string of the list page's search parameters.
    private static func query(_ parameters: KeyValuePairs<String, String>) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return parameters.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
