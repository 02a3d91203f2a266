import SpanscopeTracing
import Testing

@Suite struct JaegerJSONEncoderTests {
    private func decoded() throws -> (trace: [String: Any], spans: [String: [String: Any]]) {
        let root = try JSON.object(JSON.parse(JaegerJSONEncoder().encode(EncoderFixture.trace)))
        let data = try JSON.array(root["data"])
        try #require(data.count == 1)
        let trace = try JSON.object(data[0])
        var spans: [String: [String: Any]] = [:]
        for span in try JSON.array(trace["spans"]).map(JSON.object) {
            spans[try #require(span["operationName"] as? String)] = span
        }
        return (trace, spans)
    }

    private func tags(_ value: Any?) throws -> [String: (type: String, value: Any)] {
        var result: [String: (type: String, value: Any)] = [:]
        for tag in try JSON.array(value).map(JSON.object) {
            result[try #require(tag["key"] as? String)] = (try #require(tag["type"] as? String), try #require(tag["value"]))
        }
        return result
    }

    @Test func referencesAreChildOfTheParentAndFollowsFromLinks() throws {
        let (trace, spans) = try decoded()
        #expect(trace["traceID"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        let query = try #require(spans["SELECT items"])
        let references = try JSON.array(query["references"]).map(JSON.object)
        #expect(references.count == 1)
        #expect(references.first?["refType"] as? String == "CHILD_OF")
        #expect(references.first?["spanID"] as? String == "000000000000a001")
        #expect(references.first?["traceID"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        let rootReferences = try JSON.array(spans["GET /orders/:id"]?["references"]).map(JSON.object)
        #expect(rootReferences.map { $0["refType"] as? String } == ["CHILD_OF", "FOLLOWS_FROM"])
        #expect(rootReferences.last?["traceID"] as? String == "ff0102030405060708090a0b0c0d0eee")
    }

    @Test func timesAreMicroseconds() throws {
        let (_, spans) = try decoded()
        let query = try #require(spans["SELECT items"])
        #expect(JSON.integer(query["startTime"]) == 1_700_000_000_010_000)
        #expect(JSON.integer(query["duration"]) == 20_000)
        let logs = try JSON.array(query["logs"]).map(JSON.object)
        #expect(JSON.integer(logs.first?["timestamp"]) == 1_700_000_000_020_001)
        let fields = try tags(logs.first?["fields"])
        #expect(fields["event"]?.value as? String == "exception")
        #expect(fields["exception.message"]?.value as? String == "deadlock")
    }

    @Test func tagsAreTypedAndCarryKindAndStatus() throws {
        let (_, spans) = try decoded()
        let root = try tags(spans["GET /orders/:id"]?["tags"])
        #expect(root["http.response.status_code"]?.type == "int64")
        #expect(JSON.integer(root["http.response.status_code"]?.value) == 500)
        #expect(root["ratio"]?.type == "float64")
        #expect(root["ratio"]?.value as? Double == 0.25)
        #expect(root["cached"]?.type == "bool")
        #expect(root["cached"]?.value as? Bool == false)
        #expect(root["tags"]?.type == "string")
        #expect(root["tags"]?.value as? String == #"["a","b\"c"]"#)
        #expect(root["span.kind"]?.value as? String == "server")
        #expect(root["otel.status_code"]?.value as? String == "ERROR")
        #expect(root["otel.status_description"]?.value as? String == "boom")
        #expect(root["error"]?.type == "bool")
        #expect(root["error"]?.value as? Bool == true)
        #expect(root["w3c.tracestate"]?.value as? String == "vendor=v1,t@sys=x")
        #expect(JSON.integer(root["otel.dropped_attributes_count"]?.value) == 2)
        let instant = try tags(spans[EncoderFixture.hostile]?["tags"])
        #expect(instant["error"] == nil)
        #expect(instant["otel.status_code"] == nil)
    }

    @Test func oneProcessPerResource() throws {
        let (trace, spans) = try decoded()
        let processes = try JSON.object(trace["processes"])
        #expect(Set(processes.keys) == ["p1", "p2"])
        let queryProcess = try #require(spans["SELECT items"]?["processID"] as? String)
        let rootProcess = try #require(spans["GET /orders/:id"]?["processID"] as? String)
        #expect(try JSON.object(processes[queryProcess])["serviceName"] as? String == "db-proxy")
        #expect(try JSON.object(processes[rootProcess])["serviceName"] as? String == "orders")
        #expect(try JSON.array(JSON.object(processes[rootProcess])["tags"]).isEmpty)
    }
}
