public import Spanscope
import W3CTraceContext

/// The store's traces as text, for a terminal or `curl`: each trace drawn as a
/// `TextWaterfall` followed by its analysis' findings.
///
/// ```swift
/// let digest = TraceDigest(store: store)
/// print(digest.render(TraceQuery(status: .error, limit: 3)))
/// if let text = digest.highlight(.slowest, since: startNanos, until: nowNanos) { print(text) }
/// ```
public struct TraceDigest: Sendable {
    /// Where the traces come from.
    public let store: TraceStore
    /// How each trace is drawn.
    public var waterfall: TextWaterfall

    public init(store: TraceStore, waterfall: TextWaterfall = TextWaterfall(barWidth: 40, labelWidth: 52)) {
        self.store = store
        self.waterfall = waterfall
    }

    /// Which trace `highlight(_:since:until:)` picks.
    public enum Highlight: Sendable, CaseIterable {
        /// The longest.
        case slowest
        /// The latest with a failed span.
        case failed
    }

    /// The traces `query` finds, each as a waterfall with its findings, or a line saying there are none.
    ///
    /// ```swift
    /// let text = digest.render(TraceQuery(sort: .slowest, limit: 2))
    /// ```
    public func render(_ query: TraceQuery) -> String {
        let traces = store.query(query).compactMap(trace(of:))
        guard !traces.isEmpty else { return "No trace matches (yet).\n" }
        return traces.map(render).joined(separator: "\n")
    }

    /// The trace most worth a look among those started from `since` to `until` (Unix
    /// nanoseconds), drawn; nil when there is none.
    ///
    /// ```swift
    /// let text = digest.highlight(.failed, since: lastPrintNanos, until: nowNanos)
    /// ```
    public func highlight(_ highlight: Highlight, since: UInt64, until: UInt64) -> String? {
        var query = TraceQuery(since: since, until: until, limit: 1)
        switch highlight {
        case .slowest: query.sort = .slowest
        case .failed: query.status = .error
        }
        return store.query(query).first.flatMap(trace(of:)).map(render)
    }

    /// The trace a summary of `store` describes, with the spans that ended since; nil once evicted.
    func trace(of summary: TraceSummary) -> Trace? {
        TraceID(hexString: summary.traceID).flatMap { store.trace(id: $0) }
    }

    /// One trace: the waterfall, then one line per finding.
    public func render(_ trace: Trace) -> String {
        let analysis = TraceAnalysis(trace)
        var text = waterfall.render(trace, analysis: analysis)
        for finding in analysis.findings {
            text += "  \(finding.severity.rawValue): \(finding.message)\n"
        }
        return text
    }
}
