/// A log-linear histogram of durations in nanoseconds, for percentiles.
///
/// Values below 16 ns have a bucket each; above, every power of two is cut
/// into 16 equal sub-buckets. A bucket's width is at most 1/16 of its lower
/// bound and a percentile is reported as its bucket's midpoint (clamped to the
/// observed minimum and maximum), so the relative error of a reported
/// percentile is at most 1/32 (3.125 %). Durations of 2^44 ns (about 4.9 hours)
/// and above share the last bucket. 656 counters, about 2.6 KiB.
///
/// ```swift
/// var histogram = LatencyHistogram()
/// histogram.record(1_500_000)
/// print(histogram.percentile(0.99) ?? 0) // about 1_500_000
/// ```
public struct LatencyHistogram: Sendable, Hashable {
    private static let subBucketBits = 4
    private static let subBuckets = 1 << subBucketBits
    private static let maxExponent = 43
    static let bucketCount = subBuckets + (maxExponent - subBucketBits + 1) * subBuckets

    /// UInt32 halves the memory of every route; four billion per bucket is ample for an in-process store.
    private var counts = [UInt32](repeating: 0, count: bucketCount)
    public private(set) var count = 0
    public private(set) var minNanos: UInt64 = .max
    public private(set) var maxNanos: UInt64 = 0

    public init() {}

    public mutating func record(_ nanos: UInt64) {
        let index = Self.bucketIndex(nanos)
        counts[index] &+= 1
        count += 1
        minNanos = min(minNanos, nanos)
        maxNanos = max(maxNanos, nanos)
    }

    /// Takes back one value `record` counted, as when a trace is counted again under
    /// another route. The minimum and maximum stay where they were (recomputing them would
    /// need every value): they remain bounds of what is left, so percentiles, which they
    /// clamp, stay within the histogram's error. An emptied histogram starts afresh.
    ///
    /// ```swift
    /// var histogram = LatencyHistogram()
    /// histogram.record(1_500_000)
    /// histogram.remove(1_500_000)
    /// print(histogram.count) // 0
    /// ```
    public mutating func remove(_ nanos: UInt64) {
        let index = Self.bucketIndex(nanos)
        // A value whose bucket is empty was never recorded: nothing to take back.
        guard counts[index] > 0 else { return }
        counts[index] -= 1
        count -= 1
        if count == 0 { (minNanos, maxNanos) = (.max, 0) }
    }

    /// The duration below which a `fraction` (0...1) of recorded values lie; nil when empty.
    public func percentile(_ fraction: Double) -> UInt64? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(count)).rounded(.up)))
        var seen = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += Int(bucketCount)
            if seen >= rank {
                let (lower, width) = Self.bucketRange(index)
                return min(max(lower + width / 2, minNanos), maxNanos)
            }
        }
        return maxNanos
    }

    static func bucketIndex(_ nanos: UInt64) -> Int {
        guard nanos >= UInt64(subBuckets) else { return Int(nanos) }
        let exponent = min(63 - nanos.leadingZeroBitCount, maxExponent)
        guard nanos < (1 << (maxExponent + 1)) else { return bucketCount - 1 }
        let sub = Int(truncatingIfNeeded: nanos >> (exponent - subBucketBits)) & (subBuckets - 1)
        return subBuckets + (exponent - subBucketBits) * subBuckets + sub
    }

    /// Lower bound and width of a bucket.
    static func bucketRange(_ index: Int) -> (lower: UInt64, width: UInt64) {
        guard index >= subBuckets else { return (UInt64(index), 1) }
        let exponent = (index - subBuckets) / subBuckets + subBucketBits
        let sub = UInt64((index - subBuckets) % subBuckets)
        let width: UInt64 = 1 << (exponent - subBucketBits)
        return ((1 << exponent) + sub * width, width)
    }
}
