/// What the traffic generator has sent so far.
///
/// ```swift
/// let statistics = traffic.statistics
/// print("\(statistics.requests) requests, \(statistics.failures) failed")
/// ```
public struct TrafficStatistics: Sendable, Hashable {
    /// Requests answered or failed so far.
    public var requests: Int
    /// Answered with a status of 400 or more, or not answered at all.
    public var failures: Int
    /// Skipped because `TrafficGenerator.Configuration.maxInFlight` requests were under way.
    public var skipped: Int
}
