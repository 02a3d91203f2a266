import Foundation
import SpanscopeTracing
import Testing

/// Span names, attribute keys and values come from requests: every JSON format
/// must carry them exactly and stay safe to inline in an HTML page.
@Suite struct EncoderEscapingTests {
    static let encoders: [any TraceEncoder] = [TraceJSONEncoder(), OTLPJSONEncoder(), JaegerJSONEncoder(), ZipkinJSONEncoder()]

    @Test(arguments: encoders)
    func outputIsValidJSONWithoutRawControlsOrScriptEnd(_ encoder: any TraceEncoder) throws {
        let bytes = encoder.encode(EncoderFixture.trace)
        _ = try JSON.parse(bytes)
        #expect(JSON.isSafeForHTML(bytes))
        #expect(encoder.contentType == "application/json")
    }

    @Test func hostileStringsRoundTripInOurJSON() throws {
        let spans = try JSON.array(JSON.object(JSON.parse(TraceJSONEncoder().encode(EncoderFixture.trace)))["spans"])
        let instant = try JSON.object(spans.last)
        #expect(instant["name"] as? String == EncoderFixture.hostile)
        #expect(try JSON.object(instant["attributes"])[EncoderFixture.hostile] as? String == EncoderFixture.hostile)
    }

    @Test func hostileStringsRoundTripInOTLP() throws {
        let text = try JSON.object(JSON.parse(OTLPJSONEncoder().encode(EncoderFixture.trace)))
        let spans = try JSON.array(text["resourceSpans"]).flatMap { resource in
            try JSON.array(JSON.object(resource)["scopeSpans"]).flatMap { try JSON.array(JSON.object($0)["spans"]) }
        }
        let names = try spans.map { try JSON.object($0)["name"] as? String }
        #expect(names.contains(EncoderFixture.hostile))
    }

    @Test func hostileStringsRoundTripInJaegerAndZipkin() throws {
        let jaeger = try JSON.object(JSON.array(JSON.object(JSON.parse(JaegerJSONEncoder().encode(EncoderFixture.trace)))["data"]).first)
        let jaegerNames = try JSON.array(jaeger["spans"]).map { try JSON.object($0)["operationName"] as? String }
        #expect(jaegerNames.contains(EncoderFixture.hostile))
        let zipkin = try JSON.array(JSON.parse(ZipkinJSONEncoder().encode(EncoderFixture.trace))).map(JSON.object)
        let statement = try JSON.object(zipkin.first?["tags"])["db.statement"] as? String
        #expect(statement == EncoderFixture.hostile)
        // Zipkin lowercases names; the rest of the text must survive unchanged.
        #expect(zipkin.contains { $0["name"] as? String == EncoderFixture.hostile.lowercased() })
    }

    @Test func escapesAreTheExpectedOnes() {
        let trace = Fixture.trace(Fixture.span(1, "</script>\u{2028}\u{1}😀", 0, 1))
        let text = String(decoding: ZipkinJSONEncoder().encode(trace), as: UTF8.self)
        #expect(text.contains(#""name":"\u003c/script\u003e\u2028\u0001😀""#))
    }

    /// The trace API's documents come from Foundation's encoder and get the writer's escapes.
    @Test func foundationJSONGetsTheSameEscapes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let bytes = JSONWriter.escapingForHTML(Array(try encoder.encode(["name": "</script>&\u{2028}\u{2029}\u{1}😀"])))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"name":"\u003c/script\u003e\u0026\u2028\u2029\u0001😀"}"#)
        #expect(JSON.isSafeForHTML(bytes))
    }

    @Test func nonFiniteDoublesStayValidJSON() throws {
        let trace = Fixture.trace(Fixture.span(1, "root", 0, 1, attributes: [
            Attribute("nan", .double(.nan)), Attribute("inf", .doubleArray([.infinity, -.infinity])),
        ]))
        let attributes = try JSON.object(JSON.object(JSON.array(JSON.object(JSON.parse(TraceJSONEncoder().encode(trace)))["spans"]).first)["attributes"])
        #expect(attributes["nan"] as? String == "NaN")
        #expect(try JSON.array(attributes["inf"]).map { $0 as? String } == ["Infinity", "-Infinity"])
    }
}
