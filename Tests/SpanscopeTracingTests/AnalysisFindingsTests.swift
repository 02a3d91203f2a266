import SpanscopeTracing
import Testing
import Tracing

@Suite struct AnalysisFindingsTests {
    private func findings(_ trace: Trace, _ kind: TraceFinding.Kind) -> [TraceFinding] {
        TraceAnalysis(trace).findings.filter { $0.kind == kind }
    }

    @Test func bottleneckIsTheLargestOwnTimeOnTheCriticalPath() throws {
        let trace = Fixture.trace(
            Fixture.span(1, "GET /checkout", 0, 100),
            Fixture.span(2, parent: 1, "auth", 5, 40),
            Fixture.span(3, parent: 1, "payments", 5, 90, service: "payments")
        )
        let finding = try #require(findings(trace, .bottleneck).first)
        #expect(finding.spanIDs == [Fixture.id(3)])
        #expect(finding.impactNanos == Fixture.ms(85))
        #expect(finding.severity == .warning)
        #expect(finding.message == "Bottleneck: payments (payments) spends 85.0ms of the 100.0ms critical path in its own work (85%).")
    }

    @Test func nPlusOneQueriesAreFoundByStatement() throws {
        var spans = [Fixture.span(1, "GET /orders/:id", 0, 100, kind: .server)]
        for n in 0..<12 {
            spans.append(Fixture.query(UInt8(10 + n), parent: 1, UInt64(5 + 7 * n), UInt64(10 + 7 * n), "SELECT * FROM items WHERE id = ?"))
        }
        spans.append(Fixture.query(40, parent: 1, 95, 99, "SELECT * FROM orders WHERE id = ?"))
        let found = findings(Trace(traceID: Fixture.traceID, spans: spans), .nPlusOne)
        try #require(found.count == 1)
        #expect(found[0].spanIDs == (10..<22).map { Fixture.id(UInt8($0)) })
        #expect(found[0].message.hasPrefix("12 x SELECT * FROM items WHERE id = ? under GET /orders/:id (60.0ms in total)"))
        #expect(found[0].impactNanos == Fixture.ms(60))
    }

    @Test func nPlusOneFallsBackToTheSpanName() throws {
        var spans = [Fixture.span(1, "job", 0, 100)]
        for n in 0..<5 { spans.append(Fixture.span(UInt8(10 + n), parent: 1, "cache.get", UInt64(10 * n), UInt64(10 * n + 5))) }
        let found = findings(Trace(traceID: Fixture.traceID, spans: spans), .nPlusOne)
        #expect(found.map(\.spanIDs.count) == [5])
        #expect(found.first?.message.hasPrefix("5 x cache.get under job") == true)
    }

    @Test func fourRepeatedQueriesAreNotAFinding() {
        var spans = [Fixture.span(1, "GET /orders/:id", 0, 100)]
        for n in 0..<4 { spans.append(Fixture.query(UInt8(10 + n), parent: 1, UInt64(10 * n), UInt64(10 * n + 5), "SELECT 1")) }
        #expect(findings(Trace(traceID: Fixture.traceID, spans: spans), .nPlusOne).isEmpty)
    }

    @Test func backToBackCallsToDistinctTargetsCouldRunInParallel() throws {
        let trace = Fixture.trace(
            Fixture.span(1, "GET /checkout", 0, 100, kind: .server),
            Fixture.call(2, parent: 1, "GET /user", 0, 20, to: "auth"),
            Fixture.call(3, parent: 1, "GET /stock", 20, 50, to: "inventory"),
            Fixture.call(4, parent: 1, "POST /charge", 50, 90, to: "payments")
        )
        let finding = try #require(findings(trace, .sequentialCalls).first)
        #expect(finding.spanIDs == [Fixture.id(2), Fixture.id(3), Fixture.id(4)])
        #expect(finding.impactNanos == Fixture.ms(50))
        #expect(finding.message == "3 sequential calls under GET /checkout (auth:443, inventory:443, payments:443) take 90.0ms; in parallel they would take 40.0ms, saving 50.0ms.")
    }

    @Test func gapsOverlapsAndRepeatedTargetsAreNotSequentialFindings() {
        let gap = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.call(2, parent: 1, "a", 0, 20, to: "a"),
            Fixture.call(3, parent: 1, "b", 25, 50, to: "b"),
            Fixture.call(4, parent: 1, "c", 50, 90, to: "c")
        )
        let overlap = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.call(2, parent: 1, "a", 0, 20, to: "a"),
            Fixture.call(3, parent: 1, "b", 19, 50, to: "b"),
            Fixture.call(4, parent: 1, "c", 50, 90, to: "c")
        )
        let sameTarget = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.call(2, parent: 1, "a", 0, 20, to: "a"),
            Fixture.call(3, parent: 1, "b", 20, 50, to: "b"),
            Fixture.call(4, parent: 1, "a", 50, 90, to: "a")
        )
        #expect(findings(gap, .sequentialCalls).isEmpty)
        #expect(findings(overlap, .sequentialCalls).isEmpty)
        #expect(findings(sameTarget, .sequentialCalls).isEmpty)
    }

    @Test func retriesAfterFailuresAreReported() throws {
        let timeout = SpanStatus(code: .error, message: "timeout")
        let trace = Fixture.trace(
            Fixture.span(1, "POST /orders", 0, 100, kind: .server),
            Fixture.call(2, parent: 1, "POST /charge", 0, 30, to: "payments", status: timeout),
            Fixture.call(3, parent: 1, "POST /charge", 31, 60, to: "payments", status: timeout),
            Fixture.call(4, parent: 1, "POST /charge", 61, 80, to: "payments")
        )
        let finding = try #require(findings(trace, .retries).first)
        #expect(finding.spanIDs == [Fixture.id(2), Fixture.id(3), Fixture.id(4)])
        #expect(finding.severity == .warning)
        #expect(finding.impactNanos == Fixture.ms(59))
        #expect(finding.message.contains("2 failed (timeout), the last one succeeded"))
    }

    @Test func failureWithoutALaterAttemptIsNoRetry() {
        let trace = Fixture.trace(
            Fixture.span(1, "POST /orders", 0, 100),
            Fixture.call(2, parent: 1, "POST /charge", 0, 30, to: "payments"),
            Fixture.call(3, parent: 1, "POST /charge", 31, 60, to: "payments", status: SpanStatus(code: .error))
        )
        #expect(findings(trace, .retries).isEmpty)
    }

    @Test func deepestErrorInTheChainFromTheRootIsTheCause() throws {
        let exception = SpanRecord.Event(name: "exception", timeNanos: Fixture.at(30), attributes: [
            Attribute("exception.type", .string("PGError")),
            Attribute("exception.message", .string("deadlock detected")),
        ])
        let trace = Fixture.trace(
            Fixture.span(1, "GET /orders/:id", 0, 100, status: SpanStatus(code: .error, message: "500")),
            Fixture.span(2, parent: 1, "load order", 10, 60, status: SpanStatus(code: .error)),
            Fixture.span(3, parent: 2, "SELECT orders", 20, 40, events: [exception], status: SpanStatus(code: .error), service: "db"),
            Fixture.span(4, parent: 2, "cache.get", 40, 45),
            Fixture.span(5, parent: 1, "log", 60, 70, status: SpanStatus(code: .error, message: "unrelated"))
        )
        let finding = try #require(findings(trace, .errorCause).first)
        #expect(finding.spanIDs == [Fixture.id(1), Fixture.id(2), Fixture.id(3)])
        #expect(finding.severity == .critical)
        #expect(finding.message == "Error starts at SELECT orders (db), under 2 failed parent spans: deadlock detected")
        #expect(TraceAnalysis(trace).findings.first?.kind == .errorCause)
    }

    @Test func handledErrorsAreOnlyInformational() throws {
        let trace = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.span(2, parent: 1, "flaky", 10, 20, status: SpanStatus(code: .error, message: "boom"))
        )
        let finding = try #require(findings(trace, .errorCause).first)
        #expect(finding.severity == .info)
        #expect(finding.spanIDs == [Fixture.id(2)])
    }
}
