import SpanscopeTracing
import Testing

@Suite struct AnalysisCriticalPathTests {
    @Test func fanOutFollowsTheChildThatEndsLast() {
        let trace = Fixture.trace(
            Fixture.span(1, "GET /checkout", 0, 100),
            Fixture.span(2, parent: 1, "auth", 5, 40),
            Fixture.span(3, parent: 1, "payments", 5, 90),
            Fixture.span(4, parent: 1, "inventory", 5, 60),
            Fixture.span(5, parent: 3, "charge", 10, 80)
        )
        let analysis = TraceAnalysis(trace)
        #expect(analysis.criticalPath.map(\.inMilliseconds) == [
            [1, 0, 5], [3, 5, 10], [5, 10, 80], [3, 80, 90], [1, 90, 100],
        ])
        #expect(analysis.criticalPathSpanIDs == [Fixture.id(1), Fixture.id(3), Fixture.id(5)])
    }

    @Test func stepsBackThroughSequentialWorkAndSkipsOverlappedChildren() {
        let trace = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.span(2, parent: 1, "a", 0, 30),
            Fixture.span(3, parent: 1, "b", 10, 50),
            Fixture.span(4, parent: 1, "c", 50, 95)
        )
        let analysis = TraceAnalysis(trace)
        // a ends after b starts, so the walk leaves it: a never delays the request.
        #expect(analysis.criticalPath.map(\.inMilliseconds) == [[1, 0, 10], [3, 10, 50], [4, 50, 95], [1, 95, 100]])
        #expect(!analysis.criticalPathSpanIDs.contains(Fixture.id(2)))
        let total = analysis.criticalPath.reduce(0) { $0 + $1.durationNanos }
        #expect(total == trace.durationNanos)
    }

    @Test func childRunningPastItsParentDoesNotStretchThePath() {
        let trace = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.span(2, parent: 1, "fire-and-forget", 60, 150)
        )
        #expect(TraceAnalysis(trace).criticalPath.map(\.inMilliseconds) == [[1, 0, 60], [2, 60, 100]])
    }

    @Test func orphansAreRootsInStartOrder() {
        let trace = Fixture.trace(
            Fixture.span(2, "late root", 60, 100),
            Fixture.span(1, parent: 99, "orphan", 0, 50)
        )
        let analysis = TraceAnalysis(trace)
        #expect(analysis.criticalPath.map(\.inMilliseconds) == [[1, 0, 50], [2, 60, 100]])
    }

    @Test func cyclesAndDuplicateIDsTerminate() {
        let trace = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.span(2, parent: 3, "a", 10, 20),
            Fixture.span(3, parent: 2, "b", 30, 40),
            Fixture.span(4, parent: 4, "self-parent", 50, 60),
            Fixture.span(1, parent: 1, "duplicate", 70, 80)
        )
        let analysis = TraceAnalysis(trace)
        #expect(analysis.selfTimeNanos.count == 4)
        // The duplicate of span 1 hangs under the first one; the cycle and the
        // self-parent become roots that end before the root does.
        #expect(analysis.criticalPath.map(\.inMilliseconds) == [[1, 0, 70], [1, 70, 80], [1, 80, 100]])
    }

    @Test func emptyTraceHasNoPath() {
        let analysis = TraceAnalysis(Trace(traceID: Fixture.traceID, spans: []))
        #expect(analysis.criticalPath.isEmpty)
        #expect(analysis.findings.isEmpty)
    }
}
