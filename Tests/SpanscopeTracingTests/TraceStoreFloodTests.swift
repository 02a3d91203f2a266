import Testing
import Tracing

@testable import SpanscopeTracing

@Suite struct TraceStoreFloodTests {
    @Test func aFloodOfFastSuccessesKeepsErrorsAndSlowTracesWithinTheBudget() {
        let clock = ManualClock()
        let budget = 2 << 20
        let store = TraceStore(
            configuration: .init(
                memoryBudgetBytes: budget,
                recentTraces: 100_000,
                errorTraces: 100,
                slowestPerRoute: 20,
                maxRoutes: 4,
                rememberedCompletedTraces: 1024,
                clock: clock.clock
            )
        )
        for n in 0..<50 {
            recordTrace(store, UInt64(n), durationNanos: 3_000_000, isError: true, children: 2)
        }
        for n in 50..<70 {
            recordTrace(store, UInt64(n), durationNanos: 2_000_000_000 + UInt64(n), children: 2)
        }
        var highestBytesUsed = 0
        for n in 70..<100_070 {
            clock.advance(by: .milliseconds(1))
            recordTrace(store, UInt64(n), durationNanos: 1_000 + UInt64(n % 500), children: 1)
            let stats = store.statistics()
            highestBytesUsed = max(highestBytesUsed, stats.bytesUsed)
        }
        let stats = store.statistics()
        #expect(highestBytesUsed <= budget)
        #expect(stats.peakRetainedBytes <= budget)
        #expect(stats.evicted[EvictionCause.memoryBudget.rawValue, default: 0] > 90_000)
        for n in 0..<70 {
            #expect(store.trace(id: makeTraceID(UInt64(n)))?.spans.count == 3)
        }
        #expect(store.summary(id: makeTraceID(0))?.keptReasons.contains(.error) == true)
        #expect(store.summary(id: makeTraceID(60))?.keptReasons.contains(.slow) == true)
        #expect(store.trace(id: makeTraceID(100_069)) != nil)
        #expect(store.query(TraceQuery(status: .error, limit: 1000)).count == 50)
    }

    @Test func aTraceLargerThanTheBudgetIsDroppedAndCounted() {
        let store = TraceStore(configuration: .init(memoryBudgetBytes: 600_000, maxRoutes: 1, rememberedCompletedTraces: 16))
        let big = String(repeating: "x", count: 1_000_000)
        store.record(makeSpan(trace: 1, span: 0, attributes: [Attribute("blob", .string(big))]))
        let stats = store.statistics()
        #expect(store.trace(id: makeTraceID(1)) == nil)
        #expect(stats.dropped[DropCause.tracesOverMemoryBudget.rawValue] == 1)
        #expect(stats.bytesUsed == 0)
    }

    /// A late part that needs room evicts older recent traces to join its own, and when
    /// making room frees its own trace (the oldest), it is dropped with it.
    @Test func aLatePartMakesRoomByEvictingOlderTracesOrGoesWithItsOwn() throws {
        let store = TraceStore(
            configuration: .init(
                memoryBudgetBytes: 1 << 20, recentTraces: 100_000, errorTraces: 0, exemplarsPerBucket: 0,
                slowestPerRoute: 0, maxRoutes: 1, rememberedCompletedTraces: 16, shardCount: 1
            )
        )
        var newest: UInt64 = 0
        while store.statistics().evicted[EvictionCause.memoryBudget.rawValue] == nil {
            newest += 1
            recordTrace(store, newest)
        }
        let oldest = try #require((1...newest).first { store.trace(id: makeTraceID($0)) != nil })
        let evictedBefore = try #require(store.statistics().evicted[EvictionCause.memoryBudget.rawValue])
        // Larger than any trace held, so it fits only once others are released; the oldest is released first.
        let payload = [Attribute("payload", .string(String(repeating: "z", count: 4_000)))]
        for trace in [oldest, newest] {
            var part = makeSpan(trace: trace, span: 10, parent: 0, name: "GET /stock", attributes: payload)
            part.parentIsRemote = true
            store.record(part)
        }

        #expect(store.trace(id: makeTraceID(newest))?.spans.count == 2)
        #expect(store.trace(id: makeTraceID(oldest))?.spans.count == nil)
        let statistics = store.statistics()
        #expect(statistics.evicted[EvictionCause.memoryBudget.rawValue, default: 0] > evictedBefore + 1)
        #expect(statistics.dropped[DropCause.lateSpansOverMemoryBudget.rawValue] == 1)
        #expect(statistics.bytesUsed <= statistics.budgetBytes)
    }

    @Test func pendingSpansBeyondTheirShareOfTheBudgetAreDropped() {
        let store = TraceStore(
            configuration: .init(memoryBudgetBytes: 1 << 20, maxRoutes: 1, rememberedCompletedTraces: 16, shardCount: 1)
        )
        let payload = [Attribute("payload", .string(String(repeating: "y", count: 10_000)))]
        for n in 0..<100 {
            store.record(makeSpan(trace: 1, span: UInt64(n + 1), parent: 0, attributes: payload))
        }
        let stats = store.statistics()
        #expect(stats.pendingBytes <= store.configuration.pendingBudgetBytes)
        #expect(stats.dropped[DropCause.spansOverPendingMemory.rawValue, default: 0] > 50)
        recordTrace(store, 1)
        #expect(store.trace(id: makeTraceID(1))?.droppedSpanCount == stats.dropped[DropCause.spansOverPendingMemory.rawValue])
    }
}
