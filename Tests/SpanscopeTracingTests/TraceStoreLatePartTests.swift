import Synchronization
import Testing
import Tracing

@testable import SpanscopeTracing

/// One trace of two services sharing a store, or sending their parts to one: the gateway's
/// `/checkout` (100 ms, the real root) calls auth's `/sessions/current` (5 ms).
private struct CheckoutTrace {
    let trace: UInt64
    var failingAuth = false

    private func span(
        _ id: UInt64, parent: UInt64?, remote: Bool = false, service: String, name: String, route: String? = nil,
        kind: SpanKind = .internal, offsetMillis: UInt64, millis: UInt64
    ) -> SpanRecord {
        var span = makeSpan(
            trace: trace, span: id, parent: parent, name: name, kind: kind,
            startNanos: epoch + offsetMillis * 1_000_000, durationNanos: millis * 1_000_000,
            attributes: route.map { [Attribute("http.route", .string($0))] } ?? [],
            isError: failingAuth && service == "auth", service: service
        )
        span.parentIsRemote = remote
        return span
    }

    /// Its client span ends before its root: a root still waiting for its parent in between.
    var gateway: [SpanRecord] {
        [span(1, parent: 0, service: "gateway", name: "GET", kind: .client, offsetMillis: 1, millis: 50),
         span(0, parent: nil, service: "gateway", name: "POST /checkout", route: "/checkout", kind: .server,
              offsetMillis: 0, millis: 100)]
    }

    var auth: [SpanRecord] {
        [span(3, parent: 2, service: "auth", name: "SELECT", kind: .client, offsetMillis: 3, millis: 1),
         span(2, parent: 1, remote: true, service: "auth", name: "GET /sessions/current", route: "/sessions/current",
              kind: .server, offsetMillis: 2, millis: 5)]
    }

    var id: String { makeTraceID(trace).description }
}

enum PartOrder: CaseIterable { case calleeFirst, callerFirst }
enum RecordPath: CaseIterable { case local, received }

private func record(_ trace: CheckoutTrace, _ order: PartOrder, _ path: RecordPath, into store: TraceStore) {
    let parts = order == .calleeFirst ? [trace.auth, trace.gateway] : [trace.gateway, trace.auth]
    for part in parts {
        switch path {
        case .local: for span in part { store.record(span) }
        case .received: store.record(received: part)
        }
    }
}

@Suite struct TraceStoreLatePartTests {
    @Test(arguments: PartOrder.allCases, RecordPath.allCases)
    func aTraceIsCountedUnderItsRealRootWhicheverPartCompletesFirst(order: PartOrder, path: RecordPath) throws {
        let store = TraceStore()
        let checkout = CheckoutTrace(trace: 1)
        record(checkout, order, path, into: store)

        let routes = store.routeStatistics()
        #expect(routes.map { "\($0.service) \($0.route)" } == ["gateway /checkout"], "the callee's route is left empty")
        let route = try #require(routes.first)
        #expect(route.count == 1)
        #expect(route.errorCount == 0)
        let p50 = try #require(route.p50Nanos)
        #expect(abs(Double(p50) - 100_000_000) <= 100_000_000 * RouteStatistics.percentileRelativeError)
        #expect(route.buckets.map(\.count) == LatencyBucket.allCases.map { $0 == .below1s ? 1 : 0 })
        #expect(route.buckets[LatencyBucket.below1s.rawValue].exemplarTraceIDs == [checkout.id])
        #expect(route.buckets.map(\.exemplarTraceIDs).joined().count == 1)
        #expect(route.slowestTraceIDs == [checkout.id])

        #expect(store.query(TraceQuery(route: "/checkout")).map(\.traceID) == [checkout.id])
        #expect(store.query(TraceQuery(route: "/sessions/current")).isEmpty)
        let summary = try #require(store.summary(id: makeTraceID(1)))
        #expect(summary.rootService == "gateway")
        #expect(summary.spanCount == 4)
        #expect(summary.keptReasons == [.recent, .exemplar, .slow])

        let statistics = store.statistics()
        #expect(statistics.tracesCompleted == 1)
        #expect(statistics.retainedTraces == 1)
        #expect(statistics.tracesPerSet == ["recent": 1, "exemplar": 1, "slow": 1, "error": 0, "pinned": 0])
        #expect(statistics.dropped.values.allSatisfy { $0 == 0 })
        #expect(statistics.evicted.isEmpty)
        #expect(statistics.retainedBytes == statistics.bytesUsed)
    }

    @Test(arguments: RecordPath.allCases)
    func aCalleesErrorMovesWithTheTrace(path: RecordPath) throws {
        let store = TraceStore()
        record(CheckoutTrace(trace: 2, failingAuth: true), .calleeFirst, path, into: store)

        let route = try #require(store.routeStatistics().first)
        #expect(store.routeStatistics().count == 1)
        #expect(route.route == "/checkout")
        #expect((route.count, route.errorCount) == (1, 1))
        #expect(route.buckets.allSatisfy { $0.exemplarTraceIDs.isEmpty }, "errors are not latency exemplars")
        #expect(try #require(store.summary(id: makeTraceID(2))).keptReasons == [.recent, .slow, .error])
        #expect(store.statistics().tracesPerSet == ["recent": 1, "exemplar": 0, "slow": 1, "error": 1, "pinned": 0])
    }

    /// Only the moved trace leaves the callee's route: what auth served on its own stays there.
    @Test func theCalleesOwnTracesStayOnItsRoute() throws {
        let store = TraceStore(configuration: .init(exemplarAdmissionInterval: .zero))
        recordTrace(store, 10, durationNanos: 3_000_000, route: "/sessions/current", service: "auth")
        record(CheckoutTrace(trace: 3), .calleeFirst, .local, into: store)

        let routes = store.routeStatistics()
        #expect(routes.map { "\($0.service) \($0.route) \($0.count)" } == ["auth /sessions/current 1", "gateway /checkout 1"])
        let auth = routes[0]
        #expect(auth.p99Nanos.map { abs(Double($0) - 3_000_000) <= 3_000_000 / 32 } == true)
        #expect(auth.slowestTraceIDs == [makeTraceID(10).description])
        #expect(auth.buckets[LatencyBucket.below10ms.rawValue].exemplarTraceIDs == [makeTraceID(10).description])
        #expect(auth.buckets[LatencyBucket.below10ms.rawValue].count == 1)
        #expect(store.query(TraceQuery(route: "/sessions/current")).map(\.traceID) == [makeTraceID(10).description])
    }

    /// A trace held only as the callee route's exemplar, which the caller's route has no place for, is freed.
    @Test func aTraceWithNoPlaceOnItsNewRouteIsFreed() {
        let store = TraceStore(configuration: .init(recentTraces: 0, exemplarAdmissionInterval: .seconds(3600), slowestPerRoute: 0))
        // Takes the caller's only exemplar place for the interval.
        recordTrace(store, 20, durationNanos: 200_000_000, route: "/checkout", service: "gateway")
        record(CheckoutTrace(trace: 4), .calleeFirst, .local, into: store)

        #expect(store.trace(id: makeTraceID(4)) == nil)
        let statistics = store.statistics()
        #expect(statistics.retainedTraces == 1)
        #expect(statistics.tracesPerSet["exemplar"] == 1)
        #expect(statistics.evicted == [EvictionCause.exemplarRotated.rawValue: 1])
        #expect(store.routeStatistics().map(\.count) == [2])
    }

    @Test(arguments: PartOrder.allCases, RecordPath.allCases)
    func subscribersGetEverySpanOnce(order: PartOrder, path: RecordPath) {
        let store = TraceStore()
        let completions = Mutex<[TraceCompletion]>([])
        store.addCompletionHandler { completion in completions.withLock { $0.append(completion) } }
        let checkout = CheckoutTrace(trace: 5)
        record(checkout, order, path, into: store)

        let received = completions.withLock { $0 }
        let spanIDs = received.flatMap { $0.newSpans.map(\.spanID) }
        #expect(spanIDs.count == 4)
        #expect(Set(spanIDs) == Set((0...3).map(makeSpanID)))
        #expect(received.first?.isLatePart == false)
        #expect(received.dropFirst().allSatisfy { $0.isLatePart })
        // The live tail's cue: once when the gateway's root joins a trace auth completed, never otherwise.
        #expect(received.filter(\.movedRoot).count == (order == .calleeFirst ? 1 : 0))
        #expect(received.last?.trace.spans.count == 4)
    }

    /// A part that completes after its shard forgot the trace joins the held trace; when the cap refuses
    /// every span of it, the trace is still held, so its later spans are counted against the cap too.
    @Test func aHeldTraceStaysKeptWhenTheCapRefusesAPartTheShardForgot() throws {
        // One shard remembering one completed trace: each completion makes it forget the one before.
        let store = TraceStore(configuration: .init(maxSpansPerTrace: 2, rememberedCompletedTraces: 1, shardCount: 1))
        recordTrace(store, 1, children: 1)
        #expect(store.pin(makeTraceID(1)) == .pinned)
        recordTrace(store, 2)
        // Another process's part, under the first part's child: its own local root, over the cap.
        var part = makeSpan(trace: 1, span: 10, parent: 1, name: "GET /stock", kind: .server)
        part.parentIsRemote = true
        store.record(part)
        store.record(makeSpan(trace: 1, span: 11, parent: 10, name: "after-response"))

        let trace = try #require(store.trace(id: makeTraceID(1)))
        #expect(trace.spans.map(\.spanID) == [makeSpanID(1), makeSpanID(0)])
        #expect(trace.droppedSpanCount == 2)
        #expect(store.summary(id: makeTraceID(1))?.droppedSpanCount == 2)
        let statistics = store.statistics()
        #expect(statistics.dropped[DropCause.spansOverTraceLimit.rawValue] == 2)
        #expect(statistics.dropped[DropCause.lateSpansOfDroppedTraces.rawValue, default: 0] == 0)
        #expect(statistics.tracesCompleted == 2)
    }

    @Test func aPartJoiningAHeldTraceKeepsTheCountItDroppedWhilePending() throws {
        let store = TraceStore(configuration: .init(maxSpansPerTrace: 3, rememberedCompletedTraces: 1, shardCount: 1))
        recordTrace(store, 1, children: 1)
        #expect(store.pin(makeTraceID(1)) == .pinned)
        recordTrace(store, 2)
        // Another process's part of five spans: over the cap while pending, then over what
        // the held trace has room for.
        for span in 11...14 { store.record(makeSpan(trace: 1, span: UInt64(span), parent: 10, name: "query")) }
        var part = makeSpan(trace: 1, span: 10, parent: 1, name: "GET /stock", kind: .server)
        part.parentIsRemote = true
        store.record(part)

        let trace = try #require(store.trace(id: makeTraceID(1)))
        #expect(trace.spans.count == 3)
        #expect(trace.spans.count + trace.droppedSpanCount == 7, "every span recorded is kept or counted")
        #expect(store.summary(id: makeTraceID(1))?.droppedSpanCount == trace.droppedSpanCount)
        #expect(store.statistics().dropped[DropCause.spansOverTraceLimit.rawValue] == trace.droppedSpanCount)
    }

    @Test func aHistogramTakesBackWhatItRecorded() {
        var histogram = LatencyHistogram()
        histogram.record(100)
        histogram.record(1_000_000)
        histogram.remove(1_000_000)
        #expect(histogram.count == 1)
        #expect(histogram.percentile(0.99).map { abs(Double($0) - 100) <= 100 * RouteStatistics.percentileRelativeError } == true)
        #expect(histogram.maxNanos == 1_000_000, "a bound, not recomputed")
        histogram.remove(5_000) // never recorded
        #expect(histogram.count == 1)
        histogram.remove(100)
        #expect(histogram == LatencyHistogram())
    }
}
