public import W3CTraceContext

/// What a trace says about its own latency and failures: each span's self time,
/// the critical path, and findings (bottleneck, N+1 queries, sequential calls,
/// retries, the deepest error).
///
/// Computed from the spans alone, in one pass over a repaired span tree: spans
/// whose parent is missing are roots in start order, children may overlap or
/// outlive their parent, and zero-length or backwards spans count as empty.
///
/// ```swift
/// let analysis = TraceAnalysis(trace)
/// for finding in analysis.findings where finding.severity >= .warning {
///     print(finding.message)
/// }
/// print(analysis.selfTimeNanos[trace.root!.spanID] ?? 0)
/// ```
public struct TraceAnalysis: Sendable {
    /// Each span's duration minus the part covered by its children (their
    /// union, clipped to the span). When span-ids repeat, the first span wins.
    public var selfTimeNanos: [SpanID: UInt64]
    /// The stretches of time, in chronological order, that decide the trace's
    /// end-to-end latency: shortening anything else does not make it faster.
    public var criticalPath: [CriticalPathSegment]
    /// The spans the critical path passes through, including those that
    /// contribute no time of their own to it.
    public var criticalPathSpanIDs: Set<SpanID>
    /// Most severe first.
    public var findings: [TraceFinding]

    /// Analyzes a trace with the default thresholds.
    ///
    /// ```swift
    /// let analysis = TraceAnalysis(trace)
    /// ```
    public init(_ trace: Trace, thresholds: Thresholds = Thresholds()) {
        self.init(tree: SpanTree(trace.spans), thresholds: thresholds)
    }

    init(tree: SpanTree, thresholds: Thresholds) {
        selfTimeNanos = Self.selfTimes(in: tree)
        let path = Self.criticalPath(in: tree)
        criticalPath = path.segments
        criticalPathSpanIDs = Set(path.spans.map { tree.spans[$0].spanID })
        var findings: [TraceFinding] = []
        findings += Self.bottleneck(in: tree, segments: path.segments)
        findings += Self.repeatedCalls(in: tree, thresholds: thresholds)
        findings += Self.sequentialCalls(in: tree, thresholds: thresholds)
        findings += Self.retries(in: tree)
        findings += Self.errorCause(in: tree)
        // Stable sort: within one severity, findings keep the order above.
        self.findings = findings.enumerated()
            .sorted { ($0.element.severity, $1.offset) > ($1.element.severity, $0.offset) }
            .map(\.element)
    }

    /// The limits above which a pattern becomes a finding.
    ///
    /// ```swift
    /// let strict = TraceAnalysis(trace, thresholds: .init(repeatedCallCount: 3))
    /// ```
    public struct Thresholds: Sendable, Hashable {
        /// Sibling calls with one name or statement that make an N+1 finding.
        public var repeatedCallCount: Int
        /// Back-to-back sibling calls to distinct targets that make a sequential finding.
        public var sequentialCallCount: Int
        /// The largest gap between two calls that still counts as back to back.
        public var sequentialGapNanos: UInt64

        /// The defaults: 5 repeated calls, 3 sequential calls, 1 ms gaps.
        ///
        /// ```swift
        /// let thresholds = TraceAnalysis.Thresholds(sequentialGapNanos: 5_000_000)
        /// ```
        public init(repeatedCallCount: Int = 5, sequentialCallCount: Int = 3, sequentialGapNanos: UInt64 = 1_000_000) {
            self.repeatedCallCount = repeatedCallCount
            self.sequentialCallCount = sequentialCallCount
            self.sequentialGapNanos = sequentialGapNanos
        }
    }
}

/// One stretch of the critical path: the time a span spent on its own work
/// while nothing else it waited for was running.
///
/// ```swift
/// for segment in analysis.criticalPath {
///     print(segment.spanID, segment.endNanos - segment.startNanos)
/// }
/// ```
public struct CriticalPathSegment: Sendable, Hashable {
    public var spanID: SpanID
    /// Unix nanoseconds.
    public var startNanos: UInt64
    /// Unix nanoseconds; after `startNanos`.
    public var endNanos: UInt64

    /// ```swift
    /// let segment = CriticalPathSegment(spanID: id, startNanos: 0, endNanos: 5_000_000)
    /// ```
    public init(spanID: SpanID, startNanos: UInt64, endNanos: UInt64) {
        self.spanID = spanID
        self.startNanos = startNanos
        self.endNanos = endNanos
    }

    /// The segment's length, e.g. to sum a span's time on the path.
    public var durationNanos: UInt64 { endNanos - startNanos }
}
