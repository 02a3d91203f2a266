import Foundation
import SpanscopeTracing
import Testing

@Suite struct TraceJSONEncoderTests {
    private func document(_ trace: Trace = EncoderFixture.trace) throws -> [String: Any] {
        try JSON.object(JSON.parse(TraceJSONEncoder().encode(trace)))
    }

    @Test func topLevelFields() throws {
        let json = try document()
        #expect(JSON.integer(json["schemaVersion"]) == 1)
        #expect(json["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(json["startTimeUnixNano"] as? String == "1700000000000000000")
        #expect(JSON.integer(json["durationNanos"]) == 100_000_000)
        #expect(JSON.integer(json["spanCount"]) == 3)
        #expect(JSON.integer(json["droppedSpanCount"]) == 3)
        #expect(json["incomplete"] as? Bool == true)
        #expect(JSON.integer(json["errorCount"]) == 2)
        #expect(json["rootSpanId"] as? String == "000000000000a001")
        let resources = try JSON.array(json["resources"]).map(JSON.object)
        #expect(resources.map { $0["serviceName"] as? String } == ["orders", "db-proxy"])
    }

    @Test func spansInWaterfallOrderWithTypedFields() throws {
        let spans = try JSON.array(document()["spans"]).map(JSON.object)
        #expect(spans.map { $0["spanId"] as? String } == ["000000000000a001", "000000000000a002", "000000000000a003"])
        #expect(spans.map { JSON.integer($0["depth"]) } == [0, 1, 1])
        #expect(spans.map { JSON.integer($0["resource"]) } == [0, 1, 0])
        let root = spans[0]
        #expect(root["parentSpanId"] as? String == "000000000000a077")
        #expect(root["parentIsRemote"] as? Bool == true)
        #expect(root["kind"] as? String == "server")
        #expect(root["startTimeUnixNano"] as? String == "1700000000000000000")
        #expect(JSON.integer(root["startOffsetNanos"]) == 0)
        #expect(JSON.integer(root["durationNanos"]) == 100_000_000)
        #expect(try JSON.object(root["status"])["code"] as? String == "error")
        #expect(try JSON.object(root["status"])["message"] as? String == "boom")
        #expect(JSON.integer(root["traceFlags"]) == 1)
        #expect(root["traceState"] as? String == "vendor=v1,t@sys=x")
        #expect(JSON.integer(root["droppedAttributesCount"]) == 2)
        let attributes = try JSON.object(root["attributes"])
        #expect(JSON.integer(attributes["http.response.status_code"]) == 500)
        #expect(attributes["http.request.method"] as? String == "GET")
        #expect(attributes["ratio"] as? Double == 0.25)
        #expect(attributes["cached"] as? Bool == false)
        #expect(try JSON.array(attributes["tags"]).map { $0 as? String } == ["a", "b\"c"])
        let link = try JSON.object(JSON.array(root["links"]).first)
        #expect(link["traceId"] as? String == "ff0102030405060708090a0b0c0d0eee")
        #expect(try JSON.object(link["attributes"])["why"] as? String == "batch")
        let event = try JSON.object(JSON.array(spans[1]["events"]).first)
        #expect(event["timeUnixNano"] as? String == "1700000000020001500")
        #expect(JSON.integer(event["offsetNanos"]) == 20_001_500)
        #expect(try JSON.object(spans[2]["status"])["code"] as? String == "unset")
        #expect(try JSON.object(spans[2]["status"])["message"] is NSNull)
    }

    @Test func analysisMatchesTraceAnalysis() throws {
        let trace = Fixture.trace(
            Fixture.span(1, "GET /checkout", 0, 100),
            Fixture.span(2, parent: 1, "auth", 5, 40),
            Fixture.span(3, parent: 1, "payments", 5, 90)
        )
        let analysis = try JSON.object(document(trace)["analysis"])
        let selfTimes = try JSON.object(analysis["selfTimeNanos"])
        #expect(JSON.integer(selfTimes["000000000000a001"]) == 15_000_000)
        #expect(JSON.integer(selfTimes["000000000000a003"]) == 85_000_000)
        let path = try JSON.array(analysis["criticalPath"]).map(JSON.object)
        #expect(path.map { $0["spanId"] as? String } == ["000000000000a001", "000000000000a003", "000000000000a001"])
        #expect(path.map { JSON.integer($0["startOffsetNanos"]) } == [0, 5_000_000, 90_000_000])
        #expect(path.map { JSON.integer($0["endOffsetNanos"]) } == [5_000_000, 90_000_000, 100_000_000])
        #expect(try JSON.array(analysis["criticalPathSpanIds"]).map { $0 as? String } == ["000000000000a001", "000000000000a003"])
        let finding = try JSON.object(JSON.array(analysis["findings"]).first)
        #expect(finding["kind"] as? String == "bottleneck")
        #expect(finding["severity"] as? String == "warning")
        #expect(try JSON.array(finding["spanIds"]).map { $0 as? String } == ["000000000000a003"])
        #expect(JSON.integer(finding["impactNanos"]) == 85_000_000)
        #expect(finding["message"] is String)
    }
}
