import SpanscopeTracing
import Testing

@Suite struct ZipkinJSONEncoderTests {
    private func spans() throws -> [String: [String: Any]] {
        let array = try JSON.array(JSON.parse(ZipkinJSONEncoder().encode(EncoderFixture.trace)))
        var spans: [String: [String: Any]] = [:]
        for span in try array.map(JSON.object) { spans[try #require(span["id"] as? String)] = span }
        return spans
    }

    @Test func idsKindsAndLowercaseNames() throws {
        let spans = try spans()
        #expect(spans.count == 3)
        let root = try #require(spans["000000000000a001"])
        #expect(root["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(root["parentId"] as? String == "000000000000a077")
        #expect(root["name"] as? String == "get /orders/:id")
        #expect(root["kind"] as? String == "SERVER")
        #expect(spans["000000000000a002"]?["kind"] as? String == "CLIENT")
        #expect(spans["000000000000a003"]?["kind"] == nil)
        #expect(try JSON.object(spans["000000000000a002"]?["localEndpoint"])["serviceName"] as? String == "db-proxy")
    }

    @Test func microsecondsWithDurationAtLeastOne() throws {
        let spans = try spans()
        #expect(JSON.integer(spans["000000000000a002"]?["timestamp"]) == 1_700_000_000_010_000)
        #expect(JSON.integer(spans["000000000000a002"]?["duration"]) == 20_000)
        #expect(JSON.integer(spans["000000000000a003"]?["duration"]) == 1)
    }

    @Test func tagsAreStringsWithStatusAndError() throws {
        let spans = try spans()
        let tags = try JSON.object(spans["000000000000a001"]?["tags"])
        #expect(tags.values.allSatisfy { $0 is String })
        #expect(tags["http.response.status_code"] as? String == "500")
        #expect(tags["cached"] as? String == "false")
        #expect(tags["ratio"] as? String == "0.25")
        #expect(tags["ids"] as? String == "[1,-2]")
        #expect(tags["otel.status_code"] as? String == "ERROR")
        #expect(tags["error"] as? String == "boom")
        #expect(tags["otel.dropped_attributes_count"] as? String == "2")
        let queryTags = try JSON.object(spans["000000000000a002"]?["tags"])
        #expect(queryTags["error"] as? String == "")
        #expect(try JSON.object(spans["000000000000a003"]?["tags"])["error"] == nil)
    }

    @Test func annotationsFromEvents() throws {
        let annotations = try JSON.array(try spans()["000000000000a002"]?["annotations"]).map(JSON.object)
        #expect(annotations.map { JSON.integer($0["timestamp"]) } == [1_700_000_000_020_001, 1_700_000_000_025_000])
        #expect(annotations.map { $0["value"] as? String } == [#"{"exception":{"exception.message":"deadlock"}}"#, "retry"])
    }

    @Test func remoteEndpointFromPeerAttributes() throws {
        let spans = try spans()
        let client = try JSON.object(spans["000000000000a002"]?["remoteEndpoint"])
        #expect(client["serviceName"] as? String == "db.internal")
        #expect(JSON.integer(client["port"]) == 5432)
        let server = try JSON.object(spans["000000000000a001"]?["remoteEndpoint"])
        #expect(server["ipv4"] as? String == "10.0.0.7")
        #expect(JSON.integer(server["port"]) == 52100)
        #expect(server["serviceName"] == nil)
        #expect(spans["000000000000a003"]?["remoteEndpoint"] == nil)
    }
}
