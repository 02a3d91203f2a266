/// A trace search, as Jaeger's search form has it. Every set field must hold;
/// results are summaries, sorted and limited.
///
/// ```swift
/// var query = TraceQuery(service: "orders", status: .error, sort: .slowest, limit: 50)
/// query.minDuration = .milliseconds(100)
/// query.filters = [try LogfmtFilter(parsing: "http.response.status_code=500")]
/// let summaries = store.query(query)
/// ```
public struct TraceQuery: Sendable {
    /// Some span of the trace belongs to this service.
    public var service: String?
    /// Some span of the trace has exactly this name.
    public var operation: String?
    /// The root's route (`http.route`, else its name), exactly.
    public var route: String?
    /// `.error` when any span failed; `.ok`/`.unset` the root's status in a trace without errors.
    public var status: TraceStatus?
    /// Trace duration (earliest start to latest end) at least this.
    public var minDuration: Duration?
    /// Trace duration at most this.
    public var maxDuration: Duration?
    /// Each attribute is carried by some span (its own or its resource's attributes), with an equal typed value.
    public var attributes: [Attribute]
    /// Some span name contains this, ignoring case.
    public var nameContains: String?
    /// The trace started at or after this, in nanoseconds since the Unix epoch.
    public var since: UInt64?
    /// The trace started at or before this, in nanoseconds since the Unix epoch.
    public var until: UInt64?
    /// Further conditions, e.g. parsed from logfmt tags or TraceQL.
    public var filters: [any TraceFilter]
    public var sort: Sort
    /// At most this many results; capped at `TraceQuery.maxLimit`.
    public var limit: Int

    /// The most results one query returns, so that a request cannot serialize the whole store.
    public static let maxLimit = 1000

    public init(
        service: String? = nil,
        operation: String? = nil,
        route: String? = nil,
        status: TraceStatus? = nil,
        minDuration: Duration? = nil,
        maxDuration: Duration? = nil,
        attributes: [Attribute] = [],
        nameContains: String? = nil,
        since: UInt64? = nil,
        until: UInt64? = nil,
        filters: [any TraceFilter] = [],
        sort: Sort = .newest,
        limit: Int = 20
    ) {
        self.service = service
        self.operation = operation
        self.route = route
        self.status = status
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.attributes = attributes
        self.nameContains = nameContains
        self.since = since
        self.until = until
        self.filters = filters
        self.sort = sort
        self.limit = limit
    }

    /// Result order.
    ///
    /// ```swift
    /// let query = TraceQuery(sort: .mostSpans)
    /// ```
    public enum Sort: String, Sendable, Codable, CaseIterable {
        /// Latest start first.
        case newest
        case oldest
        /// Longest duration first.
        case slowest
        case fastest
        case mostSpans
    }
}
