import Synchronization
import Testing
import Tracing

@testable import SpanscopeTracing

/// One trace across three processes: frontend (a0 → a1) calls orders (b0 → b1), which calls
/// stock (c0 → c1). Each process's first span has a remote parent; each part is one export.
private struct ThreeProcessTrace {
    let trace: UInt64
    var failingStock = false

    func span(_ id: UInt64, parent: UInt64?, remote: Bool, service: String, kind: SpanKind = .internal) -> SpanRecord {
        var span = makeSpan(
            trace: trace, span: id, parent: parent, name: "\(service) \(id)", kind: kind,
            startNanos: epoch + id * 10, durationNanos: 100 - id * 10,
            isError: failingStock && service == "stock", service: service
        )
        span.parentIsRemote = remote
        return span
    }

    var frontend: [SpanRecord] {
        [span(1, parent: 0, remote: false, service: "frontend", kind: .client),
         span(0, parent: nil, remote: false, service: "frontend", kind: .server)]
    }
    var orders: [SpanRecord] {
        [span(3, parent: 2, remote: false, service: "orders", kind: .client),
         span(2, parent: 1, remote: true, service: "orders", kind: .server)]
    }
    var stock: [SpanRecord] {
        [span(5, parent: 4, remote: false, service: "stock"),
         span(4, parent: 3, remote: true, service: "stock", kind: .server)]
    }
}

@Suite struct TraceStoreReceivedTests {
    @Test(arguments: [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]])
    func partsFromThreeProcessesMakeOneTraceWhateverTheOrder(order: [Int]) throws {
        let store = TraceStore()
        let trace = ThreeProcessTrace(trace: 1)
        let parts = [trace.frontend, trace.orders, trace.stock]
        for index in order {
            store.record(received: parts[index])
        }
        let held = try #require(store.trace(id: makeTraceID(1)))
        #expect(Set(held.spans.map(\.spanID)) == Set((0...5).map(makeSpanID)))
        #expect(held.root?.spanID == makeSpanID(0))
        let summary = try #require(store.summary(id: makeTraceID(1)))
        #expect(summary.rootName == "frontend 0")
        #expect(summary.rootService == "frontend")
        #expect(summary.services == ["frontend", "orders", "stock"])
        #expect(summary.spanCount == 6)
        #expect(store.statistics().tracesCompleted == 1)
    }

    @Test func aPartThatArrivesWholeCompletesWhole() {
        let store = TraceStore()
        let sizes = Mutex<[Int]>([])
        store.addCompletionHandler { completion in sizes.withLock { $0.append(completion.newSpans.count) } }
        // The root first in the request, as a sender may order it: its child is still filed before it.
        store.record(received: ThreeProcessTrace(trace: 2).frontend.reversed())
        #expect(sizes.withLock { $0 } == [2])
    }

    @Test func aLaterPartWithAnErrorPutsTheTraceInTheErrorSet() throws {
        let store = TraceStore()
        let trace = ThreeProcessTrace(trace: 3, failingStock: true)
        store.record(received: trace.frontend)
        #expect(store.summary(id: makeTraceID(3))?.keptReasons.contains(.error) == false)
        store.record(received: trace.orders + trace.stock)
        let summary = try #require(store.summary(id: makeTraceID(3)))
        #expect(summary.status == .error)
        #expect(summary.keptReasons.contains(.error))
        #expect(store.statistics().tracesPerSet[KeepReason.error.rawValue] == 1)
    }

    @Test func aPartArrivingAfterTheStoreForgotTheTraceIdJoinsTheHeldTrace() throws {
        let store = TraceStore(configuration: .init(rememberedCompletedTraces: 2, shardCount: 1))
        let trace = ThreeProcessTrace(trace: 4)
        store.record(received: trace.frontend)
        for n in 100..<110 { recordTrace(store, UInt64(n)) }
        store.record(received: trace.orders)
        let held = try #require(store.trace(id: makeTraceID(4)))
        #expect(held.spans.count == 4)
        let statistics = store.statistics()
        #expect(statistics.tracesCompleted == 11)
        #expect(statistics.dropped[DropCause.tracesOverMemoryBudget.rawValue, default: 0] == 0)
    }

    @Test func receivedSpansPayForTheirResource() {
        let resource = Resource(attributes: [Attribute("blob", .string(String(repeating: "x", count: 20_000)))])
        let local = TraceStore()
        let received = TraceStore()
        var span = makeSpan(trace: 5, span: 0)
        span.resource = resource
        local.record(span)
        received.record(received: [span])
        #expect(local.statistics().retainedBytes < 20_000)
        #expect(received.statistics().retainedBytes > 20_000)
    }

    @Test func receptionIsCounted() {
        let store = TraceStore()
        store.record(received: ThreeProcessTrace(trace: 6).frontend, rejectedSpanCount: 3)
        store.record(received: [])
        store.countRefusedRequest()
        #expect(
            store.statistics().received == ReceivedSpanCounts(requests: 2, spans: 2, rejectedSpans: 3, refusedRequests: 1)
        )
    }
}
