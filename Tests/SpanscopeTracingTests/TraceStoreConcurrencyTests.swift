import Testing

@testable import SpanscopeTracing

@Suite struct TraceStoreConcurrencyTests {
    @Test func eightTasksRecordingConcurrentlyLoseNothing() async {
        let store = TraceStore(configuration: .init(recentTraces: 20_000))
        let tasks = 8
        let tracesPerTask = 1_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for index in 0..<tracesPerTask {
                        recordTrace(store, UInt64(task * tracesPerTask + index), children: 3)
                    }
                }
            }
        }
        let stats = store.statistics()
        #expect(stats.spansRecorded == tasks * tracesPerTask * 4)
        #expect(stats.tracesCompleted == tasks * tracesPerTask)
        #expect(stats.pendingTraces == 0)
        #expect(stats.retainedTraces == tasks * tracesPerTask)
        #expect(store.query(TraceQuery(sort: .mostSpans, limit: 1000)).allSatisfy { $0.spanCount == 4 })
    }

    /// Children and roots of the same traces race from different tasks: each
    /// child lands pending, in the gap while the root is decided, or late;
    /// every path must end with the span in its trace.
    @Test func childrenRacingTheirRootAllJoinTheTrace() async {
        let store = TraceStore(configuration: .init(recentTraces: 10_000))
        let traces = 2_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for n in stride(from: task % 4, to: traces, by: 4) {
                        if task < 4 {
                            store.record(makeSpan(trace: UInt64(n), span: 0))
                        } else {
                            for child in 1...3 {
                                store.record(makeSpan(trace: UInt64(n), span: UInt64(child), parent: 0))
                            }
                        }
                    }
                }
            }
        }
        let stats = store.statistics()
        #expect(stats.pendingTraces == 0)
        #expect(stats.tracesCompleted == traces)
        let counts = (0..<traces).map { store.trace(id: makeTraceID(UInt64($0)))?.spans.count ?? 0 }
        #expect(counts.allSatisfy { $0 == 4 })
    }
}
