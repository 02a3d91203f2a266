import Testing
import Tracing
import W3CTraceContext

@testable import SpanscopeTracing

@Suite struct TraceStoreTests {
    @Test func completesATraceWhenItsLocalRootEnds() {
        let store = TraceStore()
        store.record(makeSpan(trace: 1, span: 1, parent: 0, name: "child"))
        #expect(store.trace(id: makeTraceID(1)) == nil)
        #expect(store.statistics().pendingTraces == 1)
        recordTrace(store, 1)
        let trace = store.trace(id: makeTraceID(1))
        #expect(trace?.spans.map(\.name) == ["child", "GET /items"])
        #expect(store.statistics().pendingTraces == 0)
        #expect(store.summary(id: makeTraceID(1))?.keptReasons.contains(.recent) == true)
    }

    @Test func aRootWithARemoteParentIsALocalRoot() {
        let store = TraceStore()
        var root = makeSpan(trace: 2, span: 5, parent: 99)
        root.parentIsRemote = true
        store.record(root)
        #expect(store.trace(id: makeTraceID(2))?.spans.count == 1)
    }

    @Test func lateSpansJoinTheCompletedTrace() {
        let store = TraceStore()
        recordTrace(store, 3, children: 1)
        store.record(makeSpan(trace: 3, span: 7, parent: 0, name: "after-response", durationNanos: 5_000))
        let trace = store.trace(id: makeTraceID(3))
        #expect(trace?.spans.last?.name == "after-response")
        #expect(store.summary(id: makeTraceID(3))?.spanCount == 3)
        #expect(store.statistics().pendingTraces == 0)
    }

    @Test func lateSpansOfASampledOutTraceAreDroppedNotPending() {
        let clock = ManualClock()
        let sampler = TailSampler(policies: [.keepErrors()], clock: clock.clock)
        let store = TraceStore(configuration: .init(sampler: sampler, clock: clock.clock))
        recordTrace(store, 4)
        store.record(makeSpan(trace: 4, span: 9, parent: 0))
        let stats = store.statistics()
        #expect(store.trace(id: makeTraceID(4)) == nil)
        #expect(stats.pendingTraces == 0)
        #expect(stats.dropped[DropCause.tracesSampledOut.rawValue] == 1)
        #expect(stats.dropped[DropCause.lateSpansOfDroppedTraces.rawValue] == 1)
    }

    @Test func aTraceWhoseRootNeverEndsTimesOutAndIsKeptIncomplete() {
        let clock = ManualClock()
        let store = TraceStore(configuration: .init(pendingTimeout: .seconds(60), clock: clock.clock))
        store.record(makeSpan(trace: 5, span: 1, parent: 0, name: "orphan"))
        clock.advance(by: .seconds(59))
        #expect(store.query(TraceQuery()).isEmpty)
        clock.advance(by: .seconds(60))
        let summaries = store.query(TraceQuery())
        #expect(summaries.map(\.isIncomplete) == [true])
        #expect(summaries.first?.keptReasons == [.recent, .error])
        #expect(store.trace(id: makeTraceID(5))?.isIncomplete == true)
        #expect(store.statistics().tracesTimedOut == 1)
    }

    @Test func anExplicitSweepTimesOutPendingTraces() {
        let clock = ManualClock()
        let store = TraceStore(configuration: .init(pendingTimeout: .seconds(10), clock: clock.clock))
        store.record(makeSpan(trace: 6, span: 1, parent: 0))
        store.sweep(now: clock.clock.now() + 10_000_000_000)
        #expect(store.trace(id: makeTraceID(6))?.isIncomplete == true)
    }

    @Test func spansBeyondTheCapAreCountedAsDropped() {
        let store = TraceStore(configuration: .init(maxSpansPerTrace: 5))
        recordTrace(store, 7, children: 10)
        store.record(makeSpan(trace: 7, span: 50, parent: 0))
        let trace = store.trace(id: makeTraceID(7))
        #expect(trace?.spans.count == 5)
        #expect(trace?.droppedSpanCount == 7)
        #expect(trace?.spans.last?.isLocalRoot == true)
        #expect(store.summary(id: makeTraceID(7))?.droppedSpanCount == 7)
        #expect(store.statistics().dropped[DropCause.spansOverTraceLimit.rawValue] == 7)
    }

    @Test func pinnedTracesOutliveTheRecentRing() {
        let store = TraceStore(
            configuration: .init(recentTraces: 3, exemplarsPerBucket: 0, slowestPerRoute: 0, maxPinnedTraces: 1)
        )
        recordTrace(store, 10)
        recordTrace(store, 11)
        #expect(store.pin(makeTraceID(10)) == .pinned)
        #expect(store.pin(makeTraceID(10)) == .alreadyPinned)
        #expect(store.pin(makeTraceID(11)) == .limitReached)
        #expect(store.pin(makeTraceID(99)) == .notFound)
        for n in 12..<20 { recordTrace(store, UInt64(n)) }
        #expect(store.summary(id: makeTraceID(10))?.keptReasons == [.pinned])
        #expect(store.trace(id: makeTraceID(11)) == nil)
        #expect(store.unpin(makeTraceID(10)))
        #expect(!store.unpin(makeTraceID(10)))
        #expect(store.trace(id: makeTraceID(10)) == nil)
        #expect(store.statistics().evicted[EvictionCause.unpinned.rawValue] == 1)
    }

    @Test func exemplarsAreAdmittedAtMostOncePerBucketPerInterval() {
        let clock = ManualClock()
        let store = TraceStore(
            configuration: .init(recentTraces: 1, exemplarsPerBucket: 3, slowestPerRoute: 0, clock: clock.clock)
        )
        for n in 0..<5 { recordTrace(store, UInt64(n), durationNanos: 2_000_000) }  // same second: one admitted
        clock.advance(by: .milliseconds(999))
        recordTrace(store, 5, durationNanos: 2_000_000)  // still within the interval
        clock.advance(by: .milliseconds(1))
        recordTrace(store, 6, durationNanos: 2_000_000)
        recordTrace(store, 7, durationNanos: 20)  // another bucket has its own clock
        let bucket = store.routeStatistics()[0].buckets[LatencyBucket.below10ms.rawValue]
        #expect(bucket.count == 7)
        #expect(bucket.exemplarTraceIDs == [makeTraceID(0), makeTraceID(6)].map(\.description))
        #expect(
            store.routeStatistics()[0].buckets[LatencyBucket.below10us.rawValue].exemplarTraceIDs
                == [makeTraceID(7).description]
        )
        for n in 8..<12 {
            clock.advance(by: .seconds(1))
            recordTrace(store, UInt64(n), durationNanos: 2_000_000)
        }
        let rotated = store.routeStatistics()[0].buckets[LatencyBucket.below10ms.rawValue].exemplarTraceIDs
        #expect(rotated == [9, 10, 11].map { makeTraceID($0).description })
        #expect(store.trace(id: makeTraceID(0)) == nil)
        #expect(store.statistics().evicted[EvictionCause.exemplarRotated.rawValue] == 3)
    }

    @Test func keepsTheSlowestTracesPerRoute() {
        let store = TraceStore(configuration: .init(recentTraces: 1, exemplarsPerBucket: 0, slowestPerRoute: 2))
        for (n, duration) in [(1, 500), (2, 900), (3, 100), (4, 700)] {
            recordTrace(store, UInt64(n), durationNanos: UInt64(duration))
        }
        #expect(store.routeStatistics()[0].slowestTraceIDs == [2, 4].map { makeTraceID($0).description })
        #expect(store.summary(id: makeTraceID(2))?.keptReasons == [.slow])
        #expect(store.trace(id: makeTraceID(1)) == nil)
    }

    @Test func aTraceHeldForSeveralReasonsIsStoredOnce() {
        let store = TraceStore()
        recordTrace(store, 1, durationNanos: 5_000, isError: true)
        let stats = store.statistics()
        #expect(store.summary(id: makeTraceID(1))?.keptReasons == [.recent, .slow, .error])
        #expect(stats.retainedTraces == 1)
        #expect(stats.tracesPerSet == ["recent": 1, "slow": 1, "error": 1, "exemplar": 0, "pinned": 0])
    }

    @Test func errorsAreNotLatencyExemplars() {
        let store = TraceStore()
        recordTrace(store, 1, isError: true)
        #expect(store.routeStatistics()[0].buckets.allSatisfy { $0.exemplarTraceIDs.isEmpty })
        #expect(store.routeStatistics()[0].errorCount == 1)
    }

    @Test func completionHandlersSeeSampledTracesOnly() {
        let clock = ManualClock()
        let sampler = TailSampler(policies: [.keepErrors()], clock: clock.clock)
        let store = TraceStore(configuration: .init(sampler: sampler, clock: clock.clock))
        let seen = Locked<[String]>([])
        let subscription = store.addCompletionHandler { completion in
            seen.withLock { $0.append(completion.trace.traceID.description) }
        }
        recordTrace(store, 1)
        recordTrace(store, 2, isError: true)
        store.removeCompletionHandler(subscription)
        recordTrace(store, 3, isError: true)
        #expect(seen.withLock { $0 } == [makeTraceID(2).description])
    }

    @Test func completedTracesStreamDeliversInOrder() async {
        let store = TraceStore()
        let stream = store.completedTraces()
        recordTrace(store, 1)
        recordTrace(store, 2)
        var received: [TraceID] = []
        for await completion in stream {
            received.append(completion.trace.traceID)
            if received.count == 2 { break }
        }
        #expect(received == [makeTraceID(1), makeTraceID(2)])
    }

    @Test func statisticsCountSpansAndTraces() {
        let store = TraceStore()
        for n in 0..<10 { recordTrace(store, UInt64(n), children: 2) }
        let stats = store.statistics()
        #expect(stats.spansRecorded == 30)
        #expect(stats.tracesCompleted == 10)
        #expect(stats.retainedTraces == 10)
        #expect(stats.bytesUsed == stats.retainedBytes)
        #expect(stats.retainedBytes > 30 * MemoryLayout<SpanRecord>.stride)
        #expect(stats.sampling == [TailSamplingCounts(policy: "always", sampled: 10, notSampled: 0)])
    }

    @Test func tooManyRoutesShareTheOverflowRoute() {
        let store = TraceStore(configuration: .init(maxRoutes: 3))
        for n in 0..<5 { recordTrace(store, UInt64(n), route: "/r\(n)") }
        let routes = store.routeStatistics()
        #expect(routes.map(\.route) == ["*other routes*", "/r0", "/r1"])
        #expect(routes[0].count == 3)
    }
}
