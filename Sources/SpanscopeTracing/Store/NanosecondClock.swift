/// A monotonic time source in nanoseconds, for timeouts and rate limits.
///
/// The store and the tail sampler read time only through this, so tests can
/// drive them with a manual clock and get deterministic decisions.
///
/// ```swift
/// let clock = NanosecondClock.monotonic
/// let manual = NanosecondClock { 42_000_000_000 } // always 42 s
/// print(clock.now() < manual.now())
/// ```
public struct NanosecondClock: Sendable {
    /// Nanoseconds since an arbitrary, fixed origin; never decreases.
    public let now: @Sendable () -> UInt64

    public init(_ now: @escaping @Sendable () -> UInt64) {
        self.now = now
    }

    /// Nanoseconds since the clock was created, from `ContinuousClock`, which a
    /// wall-clock step cannot move backwards.
    ///
    /// ```swift
    /// let clock = NanosecondClock.monotonic
    /// let start = clock.now()
    /// ```
    public static var monotonic: NanosecondClock {
        let origin = ContinuousClock.now
        return NanosecondClock { (ContinuousClock.now - origin).saturatingNanoseconds }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, negative durations as zero and huge ones as `UInt64.max`.
    var saturatingNanoseconds: UInt64 {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, carry) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        return overflow || carry ? .max : sum
    }
}
