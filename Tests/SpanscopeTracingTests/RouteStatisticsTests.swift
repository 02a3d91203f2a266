import Testing

@testable import SpanscopeTracing

@Suite struct RouteStatisticsTests {
    @Test func percentilesOfAUniformDistributionAreWithinTheStatedError() throws {
        let store = TraceStore(configuration: .init(recentTraces: 10))
        // 1 ms ... 1000 ms, each once, shuffled deterministically.
        for (n, step) in (1...1_000).map({ ($0 * 7_919) % 1_000 + 1 }).enumerated() {
            recordTrace(store, UInt64(n), durationNanos: UInt64(step) * 1_000_000, isError: step % 10 == 0)
        }
        let route = try #require(store.routeStatistics().first)
        #expect(route.count == 1_000)
        #expect(route.errorCount == 100)
        for (value, expected) in [(route.p50Nanos, 500.0), (route.p90Nanos, 900.0), (route.p99Nanos, 990.0)] {
            let actual = Double(try #require(value)) / 1_000_000
            #expect(abs(actual - expected) / expected <= RouteStatistics.percentileRelativeError)
        }
        #expect(route.buckets.map(\.count) == [0, 0, 0, 9, 90, 900, 1, 0, 0])
    }

    @Test func percentilesOfABimodalDistribution() throws {
        var histogram = LatencyHistogram()
        for _ in 0..<950 { histogram.record(2_000_000) }  // 2 ms
        for _ in 0..<50 { histogram.record(3_000_000_000) }  // 3 s
        #expect(histogram.percentile(0.5) == 2_000_000)  // clamped to the observed minimum
        #expect(histogram.percentile(0.95) == 2_000_000)
        let p99 = Double(try #require(histogram.percentile(0.99)))
        #expect(abs(p99 - 3e9) / 3e9 <= RouteStatistics.percentileRelativeError)
        #expect(LatencyHistogram().percentile(0.5) == nil)
    }

    @Test func everyValueLandsInABucketThatHoldsItWithinTheBound() {
        var value: UInt64 = 1
        while value < 1 << 44 {
            for candidate in [value, value + value / 3, value * 2 - 1] {
                let (lower, width) = LatencyHistogram.bucketRange(LatencyHistogram.bucketIndex(candidate))
                #expect(candidate >= lower && candidate < lower + width)
                #expect(Double(width) / 2 <= RouteStatistics.percentileRelativeError * Double(max(lower, 1)) + 0.5)
            }
            value *= 2
        }
    }

    @Test func latencyBucketsAreDecades() {
        #expect(LatencyBucket(durationNanos: 0) == .below10us)
        #expect(LatencyBucket(durationNanos: 9_999) == .below10us)
        #expect(LatencyBucket(durationNanos: 10_000) == .below100us)
        #expect(LatencyBucket(durationNanos: 999_999_999) == .below1s)
        #expect(LatencyBucket(durationNanos: 100_000_000_000) == .atLeast100s)
        #expect(LatencyBucket.allCases.map(\.label) == [
            "[0, 10us)", "[10us, 100us)", "[100us, 1ms)", "[1ms, 10ms)", "[10ms, 100ms)", "[100ms, 1s)", "[1s, 10s)",
            "[10s, 100s)", "[100s, ∞)",
        ])
    }

    @Test func routesAreKeptPerServiceWithExemplars() {
        let store = TraceStore()
        recordTrace(store, 1, durationNanos: 5_000_000, route: "/a", service: "one")
        recordTrace(store, 2, durationNanos: 5_000_000, route: "/a", service: "two")
        let routes = store.routeStatistics()
        #expect(routes.map { "\($0.service) \($0.route)" } == ["one /a", "two /a"])
        #expect(routes[0].buckets[LatencyBucket.below10ms.rawValue].exemplarTraceIDs == [makeTraceID(1).description])
        #expect(routes[1].slowestTraceIDs == [makeTraceID(2).description])
    }
}
