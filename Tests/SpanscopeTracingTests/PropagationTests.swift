import SpanscopeTracing
import Testing
import Tracing
import W3CTraceContext

/// `SpanscopeTracer.extract`/`inject`: the W3C "Processing Model" over real carriers.
@Suite struct PropagationTests {
    let recorder = TracerTestRecorder()
    let tracer: SpanscopeTracer
    static let traceIDHex = "12345678901234567890123456789012"
    static let parentIDHex = "1234567890123456"
    static let traceParent = "00-\(traceIDHex)-\(parentIDHex)-01"

    init() {
        tracer = SpanscopeTracer(recorder: recorder, sampler: ParentBasedSampler(root: AlwaysOnSampler()), environment: [:])
    }

    private func extract(_ headers: [String: String]) -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        tracer.extract(headers, into: &context, using: DictionaryExtractor())
        return context
    }

    private func extract(lines: [(String, String)], extractor: HeaderLinesExtractor = HeaderLinesExtractor()) -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        tracer.extract(lines, into: &context, using: extractor)
        return context
    }

    private func inject(_ context: InstrumentationContext) -> [String: String] {
        var headers: [String: String] = [:]
        tracer.inject(context, into: &headers, using: DictionaryInjector())
        return headers
    }

    @Test func extractsARemoteParent() throws {
        let context = extract(["traceparent": Self.traceParent, "tracestate": "foo=1,bar=2"])
        let spanContext = try #require(context.spanContext)
        #expect(spanContext.traceID.description == Self.traceIDHex)
        #expect(spanContext.spanID.description == Self.parentIDHex)
        #expect(spanContext.flags == .sampled)
        #expect(spanContext.isRemote)
        #expect(spanContext.traceState.map(\.value) == ["1", "2"])
        #expect(context.traceRestartReason == nil)
    }

    // "harness sends a request with traceparent ... expects ... the same trace_id but different parent_id".
    @Test func childOfARemoteParentContinuesItsTrace() throws {
        let span = tracer.startSpan("GET /", context: extract(["traceparent": Self.traceParent]), ofKind: .server)
        span.end()
        let record = try #require(recorder.only(named: "GET /"))
        #expect(record.traceID.description == Self.traceIDHex)
        #expect(record.parentSpanID?.description == Self.parentIDHex)
        #expect(record.parentIsRemote)
        #expect(record.spanID.description != Self.parentIDHex)
    }

    @Test func withoutTraceParentTheContextIsLeftAlone() {
        var context = InstrumentationContext.topLevel
        let local = tracer.startSpan("local", context: .topLevel)
        context.spanContext = local.spanContext
        tracer.extract(["tracestate": "foo=1"], into: &context, using: DictionaryExtractor())
        #expect(context.spanContext == local.spanContext)
        #expect(context.traceRestartReason == nil)
    }

    // "If the traceparent header cannot be parsed, the vendor creates a new traceparent header
    // and deletes the tracestate": the next span is a new root, and the middleware is told.
    @Test func invalidTraceParentRestartsTheTrace() throws {
        var context = InstrumentationContext.topLevel
        context.spanContext = tracer.startSpan("earlier", context: .topLevel).spanContext
        tracer.extract(
            ["traceparent": "00-00000000000000000000000000000000-\(Self.parentIDHex)-01", "tracestate": "foo=1"],
            into: &context,
            using: DictionaryExtractor()
        )
        #expect(context.spanContext == nil)
        #expect(context.traceRestartReason == .zeroTraceID)
        let span = tracer.startSpan("GET /", context: context, ofKind: .server)
        #expect(span.spanContext.traceID != .null)
        #expect(span.spanContext.flags.contains(.randomTraceID))
        #expect(span.spanContext.traceState.isEmpty)
    }

    // "If the vendor failed to parse traceparent, it MUST NOT attempt to parse tracestate."
    @Test func tracestateIsNotReadAfterAFailedTraceParent() {
        let extractor = HeaderLinesExtractor()
        _ = extract(lines: [("traceparent", "ff-\(Self.traceIDHex)-\(Self.parentIDHex)-01"), ("tracestate", "foo=1")], extractor: extractor)
        #expect(extractor.requestedKeys.all == ["traceparent"])
    }

    // "failure to parse tracestate MUST NOT affect the parsing of traceparent."
    @Test func invalidTraceStateIsDroppedAlone() throws {
        let context = extract(["traceparent": Self.traceParent, "tracestate": "foo=1,FOO=2"])
        let spanContext = try #require(context.spanContext)
        #expect(spanContext.traceID.description == Self.traceIDHex)
        #expect(spanContext.traceState.isEmpty)
    }

    // "Multiple tracestate header fields MUST be handled as specified by RFC7230": combined in order.
    @Test func tracestateLinesAreCombinedInOrder() throws {
        let context = extract(lines: [
            ("traceparent", Self.traceParent),
            ("tracestate", "foo=1,bar=2"),
            ("TraceState", "rojo=1,congo=2"),
            ("tracestate", ""),
            ("tracestate", "baz=3"),
        ])
        let state = try #require(context.spanContext?.traceState)
        #expect(TraceStateHeader.format(state) == "foo=1,bar=2,rojo=1,congo=2,baz=3")
    }

    // The test suite: the same key in two tracestate lines is a duplicate.
    @Test func duplicateKeyAcrossLinesDropsTheTraceState() throws {
        let context = extract(lines: [("traceparent", Self.traceParent), ("tracestate", "foo=1"), ("tracestate", "foo=1")])
        #expect(try #require(context.spanContext).traceState.isEmpty)
    }

    // The test suite's "traceparent_duplicated": two different traceparent lines restart.
    @Test func differingTraceParentLinesRestartTheTrace() {
        let context = extract(lines: [
            ("traceparent", "00-12345678901234567890123456789011-\(Self.parentIDHex)-01"),
            ("traceparent", Self.traceParent),
        ])
        #expect(context.spanContext == nil)
        #expect(context.traceRestartReason == .conflictingValues)
    }

    @Test func sampledRootInjectsSampledAndRandomFlags() {
        let span = tracer.startSpan("root", context: .topLevel)
        let headers = inject(span.context)
        #expect(headers == ["traceparent": "00-\(span.spanContext.traceID)-\(span.spanContext.spanID)-03"])
    }

    // "The random flag ... copied unchanged when continuing a trace".
    @Test(arguments: ["00", "01", "02", "03"])
    func randomFlagIsCopiedFromTheRemoteParent(flags: String) throws {
        let parent = extract(["traceparent": "00-\(Self.traceIDHex)-\(Self.parentIDHex)-\(flags)"])
        let span = tracer.startSpan("child", context: parent)
        let traceParent = try TraceParent(try #require(inject(span.context)["traceparent"]))
        let parentFlags = try TraceParent("00-\(Self.traceIDHex)-\(Self.parentIDHex)-\(flags)").flags
        #expect(traceParent.flags.contains(.randomTraceID) == parentFlags.contains(.randomTraceID))
    }

    // An unsampled span still carries its context: same trace, new span-id, tracestate kept,
    // and `inject` from inside it sends flags without 01.
    @Test func unsampledSpanPropagatesWithoutTheSampledFlag() throws {
        let parent = extract(["traceparent": "00-\(Self.traceIDHex)-\(Self.parentIDHex)-02", "tracestate": "foo=1"])
        let span = tracer.startSpan("unsampled", context: parent)
        #expect(!span.isRecording)
        let headers = inject(span.context)
        let traceParent = try TraceParent(try #require(headers["traceparent"]))
        #expect(traceParent.traceID.description == Self.traceIDHex)
        #expect(traceParent.parentID.description != Self.parentIDHex)
        #expect(try #require(headers["traceparent"]).hasSuffix("-02"))
        #expect(headers["tracestate"] == "foo=1")
        span.end()
        #expect(recorder.records.isEmpty)
    }

    @Test func contextWithoutSpanInjectsNothing() {
        #expect(inject(.topLevel).isEmpty)
    }

    @Test func injectedHeadersExtractToTheSameContext() throws {
        let span = tracer.startSpan("client", context: extract(["traceparent": Self.traceParent, "tracestate": "a=1, b=2"]))
        var lines: [(String, String)] = []
        tracer.inject(span.context, into: &lines, using: HeaderLinesInjector())
        let extracted = try #require(extract(lines: lines).spanContext)
        #expect(extracted.traceID == span.spanContext.traceID)
        #expect(extracted.spanID == span.spanContext.spanID)
        #expect(extracted.flags == span.spanContext.flags)
        #expect(extracted.traceState == span.spanContext.traceState)
    }
}
