import SpanscopeTracing
import Testing

@Suite struct OTLPJSONEncoderTests {
    private func spans() throws -> (resources: [[String: Any]], spans: [String: [String: Any]]) {
        let root = try JSON.object(JSON.parse(OTLPJSONEncoder().encode(EncoderFixture.trace)))
        let resources = try JSON.array(root["resourceSpans"]).map(JSON.object)
        var spans: [String: [String: Any]] = [:]
        for resource in resources {
            for scope in try JSON.array(resource["scopeSpans"]).map(JSON.object) {
                for span in try JSON.array(scope["spans"]).map(JSON.object) {
                    spans[try #require(span["name"] as? String)] = span
                }
            }
        }
        return (resources, spans)
    }

    @Test func groupsSpansByResource() throws {
        let (resources, _) = try spans()
        let names = try resources.map { resource -> String in
            let attributes = try JSON.array(JSON.object(resource["resource"])["attributes"]).map(JSON.object)
            let value = try JSON.object(attributes.first { $0["key"] as? String == "service.name" }?["value"])
            return try #require(value["stringValue"] as? String)
        }
        #expect(names == ["db-proxy", "orders"])
        let counts = try resources.map { try JSON.array(JSON.object(JSON.array($0["scopeSpans"]).first)["spans"]).count }
        #expect(counts == [1, 2])
    }

    /// Received spans keep their sender's scope; this process's have the empty one. Within a
    /// resource each scope is one `ScopeSpans`, in order of first appearance.
    @Test func spansAreGroupedByScopeWithinTheirResource() throws {
        let library = InstrumentationScope(
            name: "shop.checkout", version: "1.7.0", attributes: [Attribute("scope.owner", .string("payments"))],
            droppedAttributeCount: 2
        )
        var received = Fixture.span(1, "received", 0, 10)
        received.scope = library
        let local = Fixture.span(2, parent: 1, "local", 1, 2)
        var again = Fixture.span(3, parent: 1, "received again", 2, 3)
        again.scope = InstrumentationScope(name: library.name, version: library.version, attributes: library.attributes, droppedAttributeCount: 2)
        let body = OTLPJSONEncoder().encode(spans: [received, local, again])

        let resources = try JSON.array(JSON.object(JSON.parse(body))["resourceSpans"]).map(JSON.object)
        try #require(resources.count == 1)
        let scopeSpans = try JSON.array(resources[0]["scopeSpans"]).map(JSON.object)
        let scopes = try scopeSpans.map { try JSON.object($0["scope"]) }
        #expect(scopes.map { $0["name"] as? String } == ["shop.checkout", ""])
        #expect(scopes.map { $0["version"] as? String } == ["1.7.0", ""])
        #expect(scopes.map { JSON.integer($0["droppedAttributesCount"]) } == [2, 0])
        let attributes = try JSON.array(scopes[0]["attributes"]).map(JSON.object)
        #expect(attributes.map { $0["key"] as? String } == ["scope.owner"])
        #expect(try JSON.array(scopes[1]["attributes"]).isEmpty)
        let names = try scopeSpans.map { try JSON.array($0["spans"]).map { try JSON.object($0)["name"] as? String } }
        #expect(names == [["received", "received again"], ["local"]])

        let decoded = try OTLPJSONDecoder().decode(body)
        #expect(decoded.map(\.name) == ["received", "received again", "local"])
        #expect(decoded.map(\.scope) == [library, library, InstrumentationScope()])
    }

    @Test func idsAreLowercaseHexAndRootsHaveNoParent() throws {
        let (_, spans) = try spans()
        let query = try #require(spans["SELECT items"])
        #expect(JSON.isLowercaseHex(query["traceId"], length: 32))
        #expect(query["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(query["spanId"] as? String == "000000000000a002")
        #expect(query["parentSpanId"] as? String == "000000000000a001")
        let root = try #require(spans["GET /orders/:id"])
        #expect(root["parentSpanId"] as? String == "000000000000a077")
        let instant = try #require(spans[EncoderFixture.hostile])
        #expect(instant["parentSpanId"] as? String == "000000000000a001")
        let rootless = OTLPJSONEncoder().encode(Fixture.trace(Fixture.span(9, "alone", 0, 1)))
        #expect(!String(decoding: rootless, as: UTF8.self).contains("parentSpanId"))
    }

    @Test func enumsAreIntegersAndTimesAreDecimalStrings() throws {
        let (_, spans) = try spans()
        let root = try #require(spans["GET /orders/:id"])
        #expect(JSON.integer(root["kind"]) == 2)
        #expect(JSON.integer(spans["SELECT items"]?["kind"]) == 3)
        #expect(JSON.integer(spans[EncoderFixture.hostile]?["kind"]) == 1)
        #expect(root["startTimeUnixNano"] as? String == "1700000000000000000")
        #expect(root["endTimeUnixNano"] as? String == "1700000000100000000")
        let status = try JSON.object(root["status"])
        #expect(JSON.integer(status["code"]) == 2)
        #expect(status["message"] as? String == "boom")
        #expect(JSON.integer(try JSON.object(spans[EncoderFixture.hostile]?["status"])["code"]) == 0)
    }

    @Test func flagsTraceStateAndDroppedCounts() throws {
        let (_, spans) = try spans()
        let root = try #require(spans["GET /orders/:id"])
        // sampled | context-has-is-remote | context-is-remote
        #expect(JSON.integer(root["flags"]) == 0x301)
        #expect(JSON.integer(spans["SELECT items"]?["flags"]) == 0x101)
        #expect(root["traceState"] as? String == "vendor=v1,t@sys=x")
        #expect(JSON.integer(root["droppedAttributesCount"]) == 2)
        #expect(JSON.integer(root["droppedEventsCount"]) == 1)
        #expect(JSON.integer(root["droppedLinksCount"]) == 0)
        let link = try JSON.object(JSON.array(root["links"]).first)
        #expect(link["traceId"] as? String == "ff0102030405060708090a0b0c0d0eee")
        #expect(link["spanId"] as? String == "000000000000a055")
        #expect(link["traceState"] as? String == "l=1")
        // The linked context's own flags: sampled, and known to be remote.
        #expect(JSON.integer(link["flags"]) == 0x301)
    }

    @Test func linkFlagsTellKnownLocalFromUnknown() throws {
        var span = Fixture.span(1, "linking", 0, 10)
        span.links = [
            SpanRecord.Link(traceID: Fixture.traceID, spanID: Fixture.id(0x56), isRemote: false),
            SpanRecord.Link(traceID: Fixture.traceID, spanID: Fixture.id(0x57)),
        ]
        let root = try JSON.object(JSON.parse(OTLPJSONEncoder().encode(spans: [span])))
        let scopeSpans = try JSON.object(JSON.array(JSON.object(JSON.array(root["resourceSpans"]).first)["scopeSpans"]).first)
        let links = try JSON.array(JSON.object(JSON.array(scopeSpans["spans"]).first)["links"]).map(JSON.object)
        #expect(links.map { JSON.integer($0["flags"]) } == [0x100, 0])
    }

    @Test func attributeValuesAreTypedAnyValues() throws {
        let (_, spans) = try spans()
        let root = try #require(spans["GET /orders/:id"])
        var values: [String: [String: Any]] = [:]
        for attribute in try JSON.array(root["attributes"]).map(JSON.object) {
            values[try #require(attribute["key"] as? String)] = try JSON.object(attribute["value"])
        }
        #expect(values["http.request.method"]?["stringValue"] as? String == "GET")
        #expect(values["http.response.status_code"]?["intValue"] as? String == "500")
        #expect(values["big"]?["intValue"] as? String == "9223372036854775807")
        #expect(values["ratio"]?["doubleValue"] as? Double == 0.25)
        #expect(values["cached"]?["boolValue"] as? Bool == false)
        let tags = try JSON.array(JSON.object(values["tags"]?["arrayValue"])["values"]).map(JSON.object)
        #expect(tags.map { $0["stringValue"] as? String } == ["a", "b\"c"])
        let ids = try JSON.array(JSON.object(values["ids"]?["arrayValue"])["values"]).map(JSON.object)
        #expect(ids.map { $0["intValue"] as? String } == ["1", "-2"])
    }

    @Test func eventsKeepNanosecondTimes() throws {
        let (_, spans) = try spans()
        let events = try JSON.array(spans["SELECT items"]?["events"]).map(JSON.object)
        #expect(events.map { $0["name"] as? String } == ["exception", "retry"])
        #expect(events.first?["timeUnixNano"] as? String == "1700000000020001500")
    }
}
