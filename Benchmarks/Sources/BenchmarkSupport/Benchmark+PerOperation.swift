public import Benchmark

extension Benchmark.Configuration {
    /// A hot path measured per operation: each sample runs it a thousand times
    /// (`benchmark.scaledIterations`), so medians of time and allocations are per operation.
    ///
    /// ```swift
    /// Benchmark.defaultConfiguration = .perOperation
    /// ```
    public static var perOperation: Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal],
            timeUnits: .nanoseconds,
            scalingFactor: .kilo,
            maxDuration: .seconds(3),
            maxIterations: 100_000
        )
    }
}
