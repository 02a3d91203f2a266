import Foundation
import Testing

@testable import Spanscope

/// Strings from spans and from requests that try to break out of JSON or into HTML come
/// back as valid JSON holding exactly what was sent.
@Suite struct TraceAPIHostileInputTests {
    typealias S = SampleTraces

    @Test func hostileSpanStringsRoundTripThroughEveryJSONAnswer() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let listing = try await api.request("/debug/traces?service=" + encode(S.hostileService))
            #expect(!listing.text.contains("<") && !listing.text.contains(">") && !listing.text.contains("&"), "no raw markup in JSON")
            let listed = try listing.object()
            let summary = try #require((listed["traces"] as? [[String: Any]])?.first)
            #expect(summary["rootName"] as? String == S.hostileName)
            #expect(summary["rootService"] as? String == S.hostileService)
            #expect(try await api.traceIDs("operation=" + encode(S.hostileQuote)) == [S.hostile])
            #expect(try await api.traceIDs("tags=" + encode("quote=\"He said \\\"hi\\\" & 'bye' \\\\ </script>\"")) == [S.hostile])

            let response = try await api.request("/debug/traces/\(S.hostile)")
            #expect(!response.text.contains("</script>") && !response.text.contains("<img"), "no raw markup in JSON")
            let trace = try response.object()
            let spans = try #require(trace["spans"] as? [[String: Any]])
            #expect(spans.map { $0["name"] as? String } == [S.hostileName, S.hostileQuote])
            let attributes = try #require(spans[1]["attributes"] as? [String: Any])
            #expect(attributes["quote"] as? String == S.hostileQuote)
            #expect(attributes[S.hostileName] as? String == S.hostileControl)
            let event = try #require((spans[1]["events"] as? [[String: Any]])?.first)
            #expect(event["name"] as? String == S.hostileName)
            let resources = try #require(trace["resources"] as? [[String: Any]])
            #expect(resources.first?["serviceName"] as? String == S.hostileService)

            for format in ["otlp", "jaeger", "zipkin"] {
                let encoded = try await api.request("/debug/traces/\(S.hostile)?format=\(format)")
                #expect(encoded.status == 200)
                #expect(try encoded.json() is [Any] || (try encoded.json()) is [String: Any], "\(format)")
                #expect(!encoded.text.contains("<") && !encoded.text.contains(">") && !encoded.text.contains("&"), "\(format): no raw markup in JSON")
            }
            let spansBack = try OTLPJSONDecoder().decode(try await api.request("/debug/traces/\(S.hostile)?format=otlp").body)
            #expect(Set(spansBack.map(\.name)) == [S.hostileName, S.hostileQuote])
            #expect(spansBack.contains { $0.attributes[key: S.hostileName] == .string(S.hostileControl) })

            let routes = try await api.object("/debug/traces/routes")
            #expect((routes["routes"] as? [[String: Any]])?.first?["route"] as? String == S.hostileName)

            let text = try await api.request("/debug/traces/\(S.hostile)?format=text")
            #expect(!text.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control characters reach a terminal")
        }
    }

    /// Request values are echoed in error messages; invalid UTF-8 and markup stay valid JSON.
    @Test func hostileRequestValuesComeBackAsValidJSON() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            // Only the search for a service named by invalid UTF-8 is well-formed: it finds nothing.
            let targets = [
                ("/debug/traces?%3C%2Fscript%3E%22%0A%00=1", 400),
                ("/debug/traces?service=%FF%FE%C0%AF", 200),
                ("/debug/traces?q=%7B%20name%20%3D%20%22%FF%3C%2Fscript%3E%22%20", 400),
                ("/debug/traces?tags=%E2%80%A8%3D%22%FF", 400),
                ("/debug/traces?minDuration=1%F0%9F%98%80", 400),
                ("/debug/traces?sort=%22%7D%2C%22x%22%3A%7B", 400),
                ("/debug/traces/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400),
                ("/debug/traces/%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF", 400),
            ]
            for (target, status) in targets {
                let response = try await api.request(target)
                #expect(response.status == status, "\(target): \(response.text)")
                #expect(response.header("Content-Type") == "application/json", "\(target)")
                #expect(throws: Never.self, "\(target)") { try response.json() }
                #expect(String(validating: response.body, as: UTF8.self) != nil, "\(target): UTF-8")
            }
            let echoed = try await api.request("/debug/traces?%3C%2Fscript%3E%22%0A%00=1")
            let error = try #require(try echoed.object()["error"] as? [String: Any])
            #expect(error["parameter"] as? String == "</script>\"\n\u{0}")
        }
    }
}
