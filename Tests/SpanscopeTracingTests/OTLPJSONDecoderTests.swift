import SpanscopeTracing
import Testing
import Tracing

@Suite struct OTLPJSONDecoderTests {
    @Test func roundTripsWhatTheEncoderWrites() throws {
        let original = EncoderFixture.trace.spans
        let decoded = try OTLPJSONDecoder().decode(OTLPJSONEncoder().encode(spans: original))
        // Grouping by resource reorders spans; match them by id.
        try #require(decoded.count == original.count)
        for span in original {
            let copy = try #require(decoded.first { $0.spanID == span.spanID && $0.name == span.name })
            #expect(copy.traceID == span.traceID)
            #expect(copy.parentSpanID == span.parentSpanID)
            #expect(copy.parentIsRemote == span.parentIsRemote)
            #expect(copy.kind == span.kind)
            #expect(copy.startNanos == span.startNanos)
            #expect(copy.endNanos == span.endNanos)
            #expect(copy.attributes == span.attributes)
            #expect(copy.events == span.events)
            #expect(copy.links == span.links)
            #expect(copy.status == span.status)
            #expect(copy.flags == span.flags)
            #expect(copy.traceState == span.traceState)
            #expect(copy.resource == span.resource)
            #expect(copy.scope == span.scope)
            #expect(copy.droppedAttributeCount == span.droppedAttributeCount)
            #expect(copy.droppedEventCount == span.droppedEventCount)
        }
    }

    @Test func acceptsNumbersForIntegersAndEmptyParent() throws {
        let body = #"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"py"}}]},
        "scopeSpans":[{"scope":{"name":"x"},"spans":[{"traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7",
        "parentSpanId":"","name":"n","kind":2,"startTimeUnixNano":1000,"endTimeUnixNano":"3000",
        "attributes":[{"key":"i","value":{"intValue":7}},{"key":"m","value":{"kvlistValue":{"values":[]}}}],
        "status":{"code":2,"message":"bad"}}]}]}]}
        """#
        let spans = try OTLPJSONDecoder().decode(Array(body.utf8))
        let span = try #require(spans.first)
        #expect(span.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span.parentSpanID == nil)
        #expect(span.kind == .server)
        #expect(span.durationNanos == 2000)
        // A map is kept as the specification's string form for protocols without maps.
        #expect(span.attributes == [Attribute("i", .int(7)), Attribute("m", .string("{}"))])
        #expect(span.droppedAttributeCount == 0)
        #expect(span.scope.name == "x")
        #expect(span.status == SpanStatus(code: .error, message: "bad"))
        #expect(span.serviceName == "py")
    }

    @Test func rejectsInvalidIDsAndNonJSON() {
        #expect(throws: OTLPDecodingError.self) { try OTLPJSONDecoder().decode(Array("nope".utf8)) }
        let shortID = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abc","spanId":"00f067aa0ba902b7"}]}]}]}"#
        #expect(throws: OTLPDecodingError.self) { try OTLPJSONDecoder().decode(Array(shortID.utf8)) }
    }

    @Test func readsEscapesNullsNumbersAndMembersInAnyOrder() throws {
        // The resource and scope come after the spans; keys are escaped; nulls mean defaults.
        let body = #"""
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"na\u006de":"caf\u00e9 \ud83d\ude00 \"q\"\n","kind":null,
        "traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7","unknown":{"a":[1,{"b":null}]},
        "startTimeUnixNano":1,"endTimeUnixNano":"18446744073709551615","attributes":[
        {"value":{"intValue":"-9223372036854775808"},"key":"min"},{"key":"max","value":{"intValue":9223372036854775807}},
        {"key":"nan","value":{"doubleValue":"NaN"}},{"key":"exp","value":{"doubleValue":-1.5e-3}},
        {"key":"bytes","value":{"bytesValue":"AAH+/w=="}},{"key":"","value":{"stringValue":"no key"}}]}],
        "scope":{"name":"lib","version":"2"}}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]}}]}
        """#
        let decoded = try OTLPJSONDecoder().decodeRequest(Array(body.utf8))
        let span = try #require(decoded.spans.first)
        #expect(span.name == "caf\u{E9} \u{1F600} \"q\"\n")
        #expect(span.kind == .internal)
        #expect(span.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span.endNanos == .max)
        #expect(span.attributes[key: "min"] == .int(.min))
        #expect(span.attributes[key: "max"] == .int(.max))
        #expect(span.attributes[key: "nan"].map { if case .double(let v) = $0 { v.isNaN } else { false } } == true)
        #expect(span.attributes[key: "exp"] == .double(-1.5e-3))
        #expect(span.attributes[key: "bytes"] == .string("AAH+/w=="))
        #expect(span.droppedAttributeCount == 1)
        #expect(span.serviceName == "svc")
        #expect(span.scope == InstrumentationScope(name: "lib", version: "2"))
    }

    @Test(arguments: [
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x\q"}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"unterminated}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"flags":99999999999999999999}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":1.5}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a",}]}]}]}"#,
        #"{"resourceSpans":[,]}"#,
    ])
    func refusesBrokenJSON(body: String) {
        #expect(throws: OTLPDecodingError.self) { try OTLPJSONDecoder().decodeRequest(Array(body.utf8)) }
    }
}
