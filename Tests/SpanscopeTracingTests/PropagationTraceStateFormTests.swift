@testable import SpanscopeTracing
import Testing
import Tracing
import W3CTraceContext

/// A received `tracestate` is kept as the header itself when it is already in the form
/// `inject` writes, and re-sent unchanged; any other valid header is parsed and re-formatted.
@Suite struct PropagationTraceStateFormTests {
    let tracer = SpanscopeTracer(recorder: TracerTestRecorder(), sampler: AlwaysOnSampler(), environment: [:])
    static let traceParent = "00-12345678901234567890123456789012-1234567890123456-01"

    private func extracted(_ traceState: String) throws -> SpanContext {
        var context = InstrumentationContext.topLevel
        tracer.extract(["traceparent": Self.traceParent, "tracestate": traceState], into: &context, using: DictionaryExtractor())
        return try #require(context.spanContext)
    }

    private func injected(_ spanContext: SpanContext) -> String? {
        var context = InstrumentationContext.topLevel
        context.spanContext = spanContext
        var headers: [String: String] = [:]
        tracer.inject(context, into: &headers, using: DictionaryInjector())
        return headers["tracestate"]
    }

    @Test func aFormattedHeaderIsKeptAndResentAsIs() throws {
        let spanContext = try extracted("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        #expect(spanContext.traceStateValue == .header("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"))
        #expect(injected(spanContext) == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        #expect(spanContext.traceState.map { "\($0.vendor.rawValue)=\($0.value)" } == ["rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"])
    }

    @Test(arguments: ["rojo=1, congo=2", "rojo=1,,congo=2", " rojo=1,congo=2", "rojo=1,congo=2,", "rojo=1 ,congo=2", "rojo=1,congo=2\t", ",rojo=1,congo=2"])
    func anyOtherValidHeaderIsParsedAndReformatted(header: String) throws {
        let spanContext = try extracted(header)
        guard case .parsed = spanContext.traceStateValue else {
            Issue.record("kept as a header: \(header)")
            return
        }
        #expect(injected(spanContext) == "rojo=1,congo=2")
    }

    @Test func aHeaderBeyondThePropagatedLengthIsParsedSoInjectTruncatesIt() throws {
        let members = (0..<20).map { "k\($0)=" + String(repeating: "v", count: 30) }
        let spanContext = try extracted(members.joined(separator: ","))
        guard case .parsed = spanContext.traceStateValue else {
            Issue.record("kept as a header")
            return
        }
        #expect((injected(spanContext)?.utf8.count ?? 0) <= TraceStateHeader.propagatedLength)
    }

    @Test func invalidAndEmptyHeadersKeepNoState() throws {
        #expect(try extracted("foo=1,FOO=2").traceState.isEmpty)
        #expect(try extracted(" , ").traceState.isEmpty)
        #expect(injected(try extracted(" , ")) == nil)
    }

    @Test func headerAndParsedFormsOfTheSameStateAreEqual() throws {
        let kept = try extracted("foo=1,bar=2")
        var parsed = kept
        parsed.traceState = kept.traceState
        guard case .parsed = parsed.traceStateValue else {
            Issue.record("setting the state keeps it parsed")
            return
        }
        #expect(kept == parsed)
        #expect(kept.hashValue == parsed.hashValue)
        #expect(kept != (try extracted("foo=1,bar=3")))
    }

    @Test func childrenCarryTheHeaderOnAndRecordTheParsedState() throws {
        let recorder = TracerTestRecorder()
        let tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOnSampler(), environment: [:])
        var context = InstrumentationContext.topLevel
        tracer.extract(["traceparent": Self.traceParent, "tracestate": "foo=1,bar=2"], into: &context, using: DictionaryExtractor())
        let span = tracer.startSpan("child", context: context)
        #expect(span.spanContext.traceStateValue == .header("foo=1,bar=2"))
        span.end()
        let record = try #require(recorder.only(named: "child"))
        #expect(record.traceState.map(\.vendor.rawValue) == ["foo", "bar"])
    }
}
