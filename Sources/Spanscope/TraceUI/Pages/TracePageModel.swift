import Foundation
import SpanscopeTracing
import W3CTraceContext

/// The trace page (`templates/trace.mustache`): the trace's facts, findings and downloads
/// rendered here; the waterfall drawn by the page's script from the trace's JSON, which the
/// page carries in a data block.
struct TracePageModel {
    struct Download {
        let label: String
        let href: String
    }

    struct SpanLink {
        let id: String
        /// The span's name and service: names alone repeat across services.
        let label: String
    }

    struct Finding {
        let kind: String
        let title: String
        let severity: String
        let message: String
        let impact: String?
        /// Every span of the finding, space-separated, for the script to mark them all.
        let spanIdList: String
        let spans: [SpanLink]
        let more: Int?
    }

    /// Findings name at most this many spans as links; the rest are counted.
    static let linkedSpansPerFinding = 8
    /// Findings shown before "more findings".
    static let shownFindings = 3

    let site: SiteModel
    let api: String
    let traceBase: String
    let traceId: String
    let rootName: String
    let route: String
    let services: [String]
    let duration: String
    let spanCount: Int
    let errorCount: Int
    let hasError: Bool
    let statusCode: Int?
    let startTime: String
    let droppedSpanCount: Int?
    let incomplete: Bool
    let keptReasons: [String]
    let pinned: Bool
    /// The most severe findings, shown; the rest are one click away.
    let topFindings: [Finding]
    let moreFindings: [Finding]
    /// Stored, not computed: Mustache reads models by reflection, which sees stored properties only.
    let hasFindings: Bool
    let findingCount: Int
    let moreFindingCount: Int?
    let downloads: [Download]
    /// A trace of the same route and service near its median duration, to compare with.
    let typicalTraceId: String?
    /// `TraceJSONEncoder`'s document: safe inside `<script>`, see `PageTemplates`.
    let traceJSON: String

    init(paths: PagePaths, trace: Trace, store: TraceStore) {
        let summary = store.keptSummary(of: trace)
        let analysis = TraceAnalysis(trace)
        let labels = Dictionary(trace.spans.map { ($0.spanID, "\($0.name) (\($0.serviceName))") }, uniquingKeysWith: { first, _ in first })

        site = SiteModel(paths: paths, page: .trace)
        api = paths.api
        traceBase = paths.traceBase
        traceId = summary.traceID
        rootName = summary.rootName.isEmpty ? "(no root span)" : summary.rootName
        route = summary.route
        services = summary.services
        duration = durationText(summary.durationNanos)
        spanCount = summary.spanCount
        errorCount = summary.errorCount
        hasError = summary.status == .error
        statusCode = summary.statusCode
        startTime = Self.timestamp(summary.startNanos)
        droppedSpanCount = summary.droppedSpanCount > 0 ? summary.droppedSpanCount : nil
        incomplete = summary.isIncomplete
        keptReasons = summary.keptReasons.map(\.rawValue)
        pinned = summary.keptReasons.contains(.pinned)
        let findings = analysis.findings.map { finding in
            let ids = finding.spanIDs.map(\.description)
            let linked = ids.prefix(Self.linkedSpansPerFinding)
            return Finding(
                kind: finding.kind.rawValue,
                title: Self.title(finding.kind),
                severity: finding.severity.rawValue,
                message: finding.message,
                impact: finding.impactNanos > 0 ? durationText(finding.impactNanos) : nil,
                spanIdList: ids.joined(separator: " "),
                spans: zip(linked, finding.spanIDs).map { id, spanID in SpanLink(id: id, label: labels[spanID] ?? id) },
                more: ids.count > linked.count ? ids.count - linked.count : nil
            )
        }
        topFindings = Array(findings.prefix(Self.shownFindings))
        moreFindings = Array(findings.dropFirst(Self.shownFindings))
        hasFindings = !findings.isEmpty
        findingCount = findings.count
        moreFindingCount = moreFindings.isEmpty ? nil : moreFindings.count
        let base = paths.api + "/" + summary.traceID
        downloads = [
            Download(label: "Spanscope JSON, with the analysis", href: base + "?download=1"),
            Download(label: "OTLP/JSON", href: base + "?format=otlp&download=1"),
            Download(label: "Jaeger JSON", href: base + "?format=jaeger&download=1"),
            Download(label: "Zipkin JSON", href: base + "?format=zipkin&download=1"),
            Download(label: "Text waterfall", href: base + "?format=text&download=1"),
        ]
        typicalTraceId = Self.typicalTrace(like: summary, in: store)
        traceJSON = String(decoding: TraceJSONEncoder().encode(trace, analysis: analysis), as: UTF8.self)
    }

    /// The held trace of the same root service and route whose duration is the median, among
    /// those without errors when there are any: what this route usually looks like.
    static func typicalTrace(like summary: TraceSummary, in store: TraceStore) -> String? {
        let sameRoute = store.query(TraceQuery(route: summary.route, limit: TraceQuery.maxLimit))
            .filter { $0.rootService == summary.rootService && $0.traceID != summary.traceID }
        let healthy = sameRoute.filter { $0.status != .error }
        let candidates = (healthy.isEmpty ? sameRoute : healthy).sorted { $0.durationNanos < $1.durationNanos }
        return candidates.isEmpty ? nil : candidates[candidates.count / 2].traceID
    }

    static func title(_ kind: TraceFinding.Kind) -> String {
        switch kind {
        case .bottleneck: "Bottleneck"
        case .nPlusOne: "Repeated calls (N+1)"
        case .sequentialCalls: "Sequential calls"
        case .retries: "Retries"
        case .errorCause: "Where the error started"
        }
    }

    /// `2024-05-01 10:00:00.123 UTC`.
    static func timestamp(_ unixNanos: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withFullTime, .withFractionalSeconds, .withSpaceBetweenDateAndTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let text = formatter.string(from: Date(timeIntervalSince1970: Double(unixNanos / 1_000) / 1_000_000))
        return text.replacingOccurrences(of: "Z", with: " UTC")
    }
}
