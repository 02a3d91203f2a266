/// A decade of latency, as zPages groups requests: [0,10µs), [10µs,100µs), … [100s,∞).
///
/// ```swift
/// let bucket = LatencyBucket(durationNanos: 2_500_000) // 2.5 ms
/// print(bucket.label) // "[1ms, 10ms)"
/// ```
public enum LatencyBucket: Int, Sendable, Codable, CaseIterable, Comparable {
    case below10us, below100us, below1ms, below10ms, below100ms, below1s, below10s, below100s, atLeast100s

    public init(durationNanos: UInt64) {
        var bound: UInt64 = 10_000
        var index = 0
        while index < LatencyBucket.atLeast100s.rawValue, durationNanos >= bound {
            bound *= 10
            index += 1
        }
        self = LatencyBucket(rawValue: index)!
    }

    /// Inclusive lower bound in nanoseconds.
    public var lowerBoundNanos: UInt64 {
        rawValue == 0 ? 0 : Self.powerOfTen(rawValue + 3)
    }

    /// Exclusive upper bound in nanoseconds; nil for the last bucket.
    public var upperBoundNanos: UInt64? {
        self == .atLeast100s ? nil : Self.powerOfTen(rawValue + 4)
    }

    /// The bucket as an interval: `[1ms, 10ms)`.
    public var label: String {
        let upper = upperBoundNanos.map(Self.format) ?? "∞"
        return "[\(rawValue == 0 ? "0" : Self.format(lowerBoundNanos)), \(upper))"
    }

    public static func < (lhs: LatencyBucket, rhs: LatencyBucket) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }

    private static func format(_ nanos: UInt64) -> String {
        switch nanos {
        case ..<1_000_000: "\(nanos / 1_000)us"
        case ..<1_000_000_000: "\(nanos / 1_000_000)ms"
        default: "\(nanos / 1_000_000_000)s"
        }
    }
}
