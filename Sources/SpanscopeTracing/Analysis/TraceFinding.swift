public import W3CTraceContext

/// Something worth a look in a trace, with the spans it is about.
///
/// ```swift
/// let finding = TraceAnalysis(trace).findings.first
/// print(finding?.kind == .nPlusOne, finding?.message ?? "")
/// ```
public struct TraceFinding: Sendable, Hashable {
    public var kind: Kind
    public var severity: Severity
    /// One sentence for a person, naming spans by name and service.
    public var message: String
    /// The spans concerned, in the order the message names them.
    public var spanIDs: [SpanID]
    /// The time at stake: the bottleneck's time on the critical path, the total
    /// time of repeated calls, the time parallel calls would save, the time spent
    /// in failed attempts; 0 for an error cause.
    public var impactNanos: UInt64

    /// ```swift
    /// let finding = TraceFinding(kind: .retries, severity: .warning, message: "2 attempts", spanIDs: [a, b])
    /// ```
    public init(kind: Kind, severity: Severity, message: String, spanIDs: [SpanID], impactNanos: UInt64 = 0) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.spanIDs = spanIDs
        self.impactNanos = impactNanos
    }

    /// The pattern found. The raw values are the stable names used in JSON.
    ///
    /// ```swift
    /// print(TraceFinding.Kind.nPlusOne.rawValue) // "nPlusOne"
    /// ```
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The span with the most time of its own on the critical path.
        case bottleneck
        /// Many sibling calls with one name or statement: a loop issuing queries.
        case nPlusOne
        /// Back-to-back calls to different targets that could have run in parallel.
        case sequentialCalls
        /// Repeated calls to one target after failures.
        case retries
        /// The deepest failed span under a failed root: where the error started.
        case errorCause
    }

    /// How much a finding matters. Ordered: `.info < .warning < .critical`.
    ///
    /// ```swift
    /// let important = findings.filter { $0.severity >= .warning }
    /// ```
    public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
        case info
        case warning
        case critical

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .critical: 2
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }
}
