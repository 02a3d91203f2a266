import Foundation
import Testing

@testable import Spanscope

/// `GET /debug/traces/{traceId}` in every format, each parsed back as its format's readers would.
@Suite struct TraceAPITraceTests {
    typealias S = SampleTraces

    @Test func traceJSONCarriesTheSpansAndTheAnalysis() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request("/debug/traces/\(S.failed)")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Content-Disposition") == nil)
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            let trace = try response.object()
            #expect(trace["schemaVersion"] as? Int == 1)
            #expect(trace["traceId"] as? String == S.failed)
            #expect(trace["spanCount"] as? Int == 3)
            #expect(trace["errorCount"] as? Int == 2)
            let spans = try #require(trace["spans"] as? [[String: Any]])
            #expect(spans.map { $0["name"] as? String } == ["GET /checkout", "POST /pay", "POST /pay"])
            #expect(spans.map { $0["depth"] as? Int } == [0, 1, 2])
            let analysis = try #require(trace["analysis"] as? [String: Any])
            #expect(Set(analysis.keys) == ["selfTimeNanos", "criticalPath", "criticalPathSpanIds", "findings"])
            let selfTimes = try #require(analysis["selfTimeNanos"] as? [String: Int])
            #expect(selfTimes.count == 3)
            let findings = try #require(analysis["findings"] as? [[String: Any]])
            #expect(findings.contains { $0["kind"] as? String == "errorCause" })
        }
    }

    @Test func otlpParsesBackIntoTheSameSpans() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request("/debug/traces/\(S.checkout)?format=otlp")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            let spans = try OTLPJSONDecoder().decode(response.body)
            let held = try #require(store.trace(id: SampleTraces.id(1)))
            #expect(Set(spans.map(\.spanID)) == Set(held.spans.map(\.spanID)))
            #expect(spans.allSatisfy { $0.traceID == SampleTraces.id(1) })
            let database = try #require(spans.first { $0.name == "SELECT * FROM orders" })
            #expect(database.attributes[key: "db.system"] == .string("postgresql"))
            #expect(database.parentSpanID == SampleTraces.spanID(1))
            #expect(Set(spans.map(\.serviceName)) == ["frontend", "payments"])
        }
    }

    @Test func jaegerIsJaegerQueryJSON() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request("/debug/traces/\(S.checkout)?format=jaeger")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            let data = try #require(try response.object()["data"] as? [[String: Any]])
            #expect(data.count == 1)
            #expect(data[0]["traceID"] as? String == S.checkout)
            let spans = try #require(data[0]["spans"] as? [[String: Any]])
            #expect(spans.count == 4)
            let processes = try #require(data[0]["processes"] as? [String: [String: Any]])
            #expect(Set(processes.values.compactMap { $0["serviceName"] as? String }) == ["frontend", "payments"])
            let ids = Set(spans.compactMap { $0["spanID"] as? String })
            for span in spans {
                #expect(processes[span["processID"] as? String ?? ""] != nil)
                for reference in span["references"] as? [[String: Any]] ?? [] where reference["refType"] as? String == "CHILD_OF" {
                    #expect(ids.contains(reference["spanID"] as? String ?? ""))
                }
            }
            #expect(spans.filter { ($0["references"] as? [Any])?.isEmpty ?? true }.count == 1, "one root")
        }
    }

    @Test func zipkinIsAZipkinV2SpanArray() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request("/debug/traces/\(S.failed)?format=zipkin")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            let spans = try #require(try response.json() as? [[String: Any]])
            #expect(spans.count == 3)
            #expect(spans.allSatisfy { $0["traceId"] as? String == S.failed })
            let ids = Set(spans.compactMap { $0["id"] as? String })
            #expect(ids.count == 3 && ids.allSatisfy { $0.count == 16 })
            #expect(spans.filter { $0["parentId"] == nil }.count == 1)
            #expect(spans.allSatisfy { ($0["parentId"] as? String).map(ids.contains) ?? true })
            #expect(spans.allSatisfy { ($0["duration"] as? Int ?? 0) >= 1 && $0["timestamp"] is Int })
            #expect(spans.contains { ($0["tags"] as? [String: String])?["error"] == "card declined" })
        }
    }

    @Test func textIsAWaterfall() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request("/debug/traces/\(S.checkout)?format=text")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            let lines = response.text.split(separator: "\n")
            #expect(lines.first?.hasPrefix("Trace \(S.checkout)") == true)
            #expect(lines.count == 6, "a title, four spans, a legend: \(response.text)")
            #expect(lines.contains { $0.contains("SELECT * FROM orders") })
        }
    }

    @Test(arguments: [
        ("json", "trace-\(SampleTraces.checkout).json"),
        ("otlp", "trace-\(SampleTraces.checkout).otlp.json"),
        ("jaeger", "trace-\(SampleTraces.checkout).jaeger.json"),
        ("zipkin", "trace-\(SampleTraces.checkout).zipkin.json"),
        ("text", "trace-\(SampleTraces.checkout).txt"),
    ])
    func downloadNamesTheFile(format: String, file: String) async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let plain = try await api.request("/debug/traces/\(S.checkout)?format=\(format)")
            let download = try await api.request("/debug/traces/\(S.checkout)?format=\(format)&download=1")
            #expect(download.status == 200)
            #expect(download.header("Content-Disposition") == "attachment; filename=\"\(file)\"")
            #expect(download.body == plain.body)
            let no = try await api.request("/debug/traces/\(S.checkout)?format=\(format)&download=0")
            #expect(no.header("Content-Disposition") == nil)
        }
    }

    @Test func upperCaseTraceIDsNameTheSameTrace() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request("/debug/traces/\(S.checkout.uppercased())")
            #expect(response.status == 200)
            #expect(try response.object()["traceId"] as? String == S.checkout)
        }
    }

    @Test func summarySaysWhyTheTraceIsKept() async throws {
        let (store, samples) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let summary = try await api.object("/debug/traces/\(S.failed)/summary")
            #expect(summary["traceId"] as? String == S.failed)
            #expect(summary["startTimeUnixNano"] as? String == String(samples.now - 1_800_000_000_000))
            let reasons = try #require(summary["keptReasons"] as? [String])
            #expect(reasons.contains("error") && !reasons.contains("pinned"))
        }
    }

    @Test func headAnswersWithoutABody() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let get = try await api.request("/debug/traces/\(S.checkout)")
            let head = try await api.request("HEAD", "/debug/traces/\(S.checkout)")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Length") == String(get.body.count))
        }
    }
}
