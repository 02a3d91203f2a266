import Testing

@testable import SpanscopeTracing

@Suite struct TailSamplingTests {
    private func summary(_ n: UInt64, durationNanos: UInt64 = 1_000, isError: Bool = false) -> TraceSummary {
        TraceSummary(
            trace: Trace(
                traceID: makeTraceID(n),
                spans: [makeSpan(trace: n, span: 0, durationNanos: durationNanos, isError: isError)]
            )
        )
    }

    private func decide(_ sampler: TailSampler, _ n: UInt64, durationNanos: UInt64 = 1_000, isError: Bool = false)
        -> Bool
    {
        sampler.shouldSample(traceID: makeTraceID(n), summary: summary(n, durationNanos: durationNanos, isError: isError))
    }

    @Test func theDefaultKeepsEverything() {
        let sampler = TailSampler()
        #expect((0..<100).allSatisfy { decide(sampler, UInt64($0)) })
    }

    @Test func keepErrorsKeepsErrorsAndIncompleteTraces() {
        let sampler = TailSampler(policies: [.keepErrors()])
        #expect(decide(sampler, 1, isError: true))
        #expect(!decide(sampler, 2))
        var incomplete = summary(3)
        incomplete.isIncomplete = true
        #expect(sampler.shouldSample(traceID: makeTraceID(3), summary: incomplete))
    }

    @Test func keepSlowerThanComparesTheTraceDuration() {
        let sampler = TailSampler(policies: [.keepSlowerThan(.milliseconds(100))])
        #expect(decide(sampler, 1, durationNanos: 100_000_000))
        #expect(!decide(sampler, 2, durationNanos: 99_999_999))
    }

    @Test func probabilisticUsesTheLowTraceIDBytesLikeTheSDKs() {
        let sampler = TailSampler(policies: [.probabilistic(0.25)])
        let kept = (0..<20_000).filter { decide(sampler, UInt64($0)) }.count
        #expect(abs(kept - 5_000) < 300)
        // The decision is the id's alone: bytes 8...15 big-endian below ratio × 2^64.
        for n in UInt64(0)..<200 {
            let low = TraceKey(makeTraceID(n)).low
            #expect(decide(sampler, n) == (low < UInt64(1) << 62))
        }
        #expect(!(0..<100).contains { decide(TailSampler(policies: [.probabilistic(0)]), UInt64($0)) })
        #expect((0..<100).allSatisfy { decide(TailSampler(policies: [.probabilistic(1)]), UInt64($0)) })
    }

    @Test func rateLimitedKeepsEverythingAtLowTraffic() {
        let clock = ManualClock()
        let sampler = TailSampler(policies: [.rateLimited(tracesPerSecond: 10)], clock: clock.clock)
        var kept = 0
        for n in 0..<100 {
            clock.advance(by: .milliseconds(200))  // 5 a second
            if decide(sampler, UInt64(n)) { kept += 1 }
        }
        #expect(kept == 100)
    }

    @Test func rateLimitedKeepsAboutTheTargetAtHighTraffic() {
        let clock = ManualClock()
        let sampler = TailSampler(policies: [.rateLimited(tracesPerSecond: 10)], clock: clock.clock)
        var keptPerSecond: [Int] = []
        for _ in 0..<10 {
            var kept = 0
            for n in 0..<1_000 {  // 1000 a second
                clock.advance(by: .milliseconds(1))
                if decide(sampler, UInt64(n)) { kept += 1 }
            }
            keptPerSecond.append(kept)
        }
        // The first second also spends the initial one-second burst.
        #expect(keptPerSecond[0] >= 10 && keptPerSecond[0] <= 20)
        #expect(keptPerSecond.dropFirst().allSatisfy { $0 >= 9 && $0 <= 11 })
    }

    @Test func anyPolicySamplingSamplesAndDecisionsAreCountedPerPolicy() {
        let clock = ManualClock()
        let sampler = TailSampler(
            policies: [
                .keepErrors(),
                .and([.keepSlowerThan(.milliseconds(1)), .rateLimited(tracesPerSecond: 1)], name: "slow-capped"),
            ],
            clock: clock.clock
        )
        #expect(decide(sampler, 1, isError: true))
        #expect(decide(sampler, 2, isError: true))
        #expect(decide(sampler, 3, durationNanos: 5_000_000))
        #expect(!decide(sampler, 4, durationNanos: 5_000_000))  // the rate limit spent its token
        #expect(!decide(sampler, 5))
        clock.advance(by: .seconds(1))
        #expect(decide(sampler, 6, durationNanos: 5_000_000))
        #expect(
            sampler.counts == [
                TailSamplingCounts(policy: "keep-errors", sampled: 2, notSampled: 4),
                TailSamplingCounts(policy: "slow-capped", sampled: 2, notSampled: 4),
            ]
        )
    }

    @Test func andShortCircuitsSoTheRateLimitOnlySpendsOnChosenTraces() {
        let clock = ManualClock()
        let sampler = TailSampler(
            policies: [.and([.keepErrors(), .rateLimited(tracesPerSecond: 1)])],
            clock: clock.clock
        )
        for n in 0..<10 { #expect(!decide(sampler, UInt64(n))) }
        #expect(decide(sampler, 10, isError: true))
    }

    @Test func anEmptyPolicyListOrAndSamplesNothing() {
        #expect(!decide(TailSampler(policies: []), 1))
        #expect(!decide(TailSampler(policies: [.and([])]), 1))
    }

    @Test func theStoreAppliesTheSamplerBeforeRetention() {
        let clock = ManualClock()
        let sampler = TailSampler(policies: [.keepErrors(), .keepSlowerThan(.seconds(1))], clock: clock.clock)
        let store = TraceStore(configuration: .init(sampler: sampler, clock: clock.clock))
        recordTrace(store, 1)
        recordTrace(store, 2, isError: true)
        recordTrace(store, 3, durationNanos: 2_000_000_000)
        #expect(store.query(TraceQuery()).map(\.traceID).sorted() == [2, 3].map { makeTraceID($0).description })
        let stats = store.statistics()
        #expect(stats.dropped[DropCause.tracesSampledOut.rawValue] == 1)
        #expect(stats.tracesCompleted == 3)
        #expect(store.routeStatistics()[0].count == 3)  // statistics count every completed trace
    }
}
