import Foundation
import Testing

@testable import Spanscope

/// Bad input: the right 4xx, with `{"error": {"message", "parameter", "position"}}`.
@Suite struct TraceAPIErrorTests {
    struct Refusal: CustomStringConvertible {
        var target: String
        var status: Int
        var parameter: String?
        var position: Int?
        var says: String
        var method = "GET"
        var description: String { "\(method) \(target)" }
    }

    static let refusals: [Refusal] = [
        // Durations, as Go writes them.
        Refusal(target: "/debug/traces?minDuration=fast", status: 400, parameter: "minDuration", position: 0, says: "expected a number"),
        Refusal(target: "/debug/traces?minDuration=250", status: 400, parameter: "minDuration", position: 3, says: "missing unit"),
        Refusal(target: "/debug/traces?maxDuration=1.5sec", status: 400, parameter: "maxDuration", position: 3, says: "unknown unit 'sec'"),
        Refusal(target: "/debug/traces?maxDuration=1h5", status: 400, parameter: "maxDuration", position: 3, says: "missing unit"),
        Refusal(target: "/debug/traces?minDuration=.s", status: 400, parameter: "minDuration", position: 0, says: "expected a number"),
        Refusal(target: "/debug/traces?minDuration=-5ms", status: 400, parameter: "minDuration", position: 0, says: "must not be negative"),
        Refusal(target: "/debug/traces?minDuration=99999999999h", status: 400, parameter: "minDuration", position: 0, says: "too large"),
        Refusal(target: "/debug/traces?minDuration=2s&maxDuration=1s", status: 400, parameter: "minDuration", says: "longer than maxDuration"),
        // Times.
        Refusal(target: "/debug/traces?since=yesterday", status: 400, parameter: "since", position: 0, says: "RFC 3339"),
        Refusal(target: "/debug/traces?since=2024-13-01T00:00:00Z", status: 400, parameter: "since", position: 5, says: "month 13 is out of range"),
        Refusal(target: "/debug/traces?since=2024-02-30T00:00:00Z", status: 400, parameter: "since", position: 8, says: "day 30"),
        Refusal(target: "/debug/traces?until=2024-05-01T12:00:00", status: 400, parameter: "until", position: 19, says: "time zone"),
        Refusal(target: "/debug/traces?until=2024-05-01+12:00:00Z", status: 400, parameter: "until", position: 10, says: "'T'"),
        Refusal(target: "/debug/traces?since=1969-12-31T23:59:59Z", status: 400, parameter: "since", position: 0, says: "before 1970"),
        Refusal(target: "/debug/traces?since=-5m", status: 400, parameter: "since", position: 0, says: "negative"),
        // Query syntax, with the position of the problem.
        Refusal(target: "/debug/traces?q=" + encode("{ duration > }"), status: 400, parameter: "q", position: 13, says: "TraceQL syntax error"),
        Refusal(target: "/debug/traces?q=" + encode("{ status = error"), status: 400, parameter: "q", position: 16, says: "TraceQL syntax error"),
        Refusal(target: "/debug/traces?tags=" + encode("http.route"), status: 400, parameter: "tags", position: 10, says: "expected '='"),
        Refusal(target: "/debug/traces?tags=" + encode(#"a="open"#), status: 400, parameter: "tags", position: 2, says: "unterminated"),
        // Enumerations and numbers.
        Refusal(target: "/debug/traces?status=failed", status: 400, parameter: "status", says: "ok, error, unset"),
        Refusal(target: "/debug/traces?sort=duration", status: 400, parameter: "sort", says: "newest, oldest, slowest, fastest, mostSpans"),
        Refusal(target: "/debug/traces?limit=0", status: 400, parameter: "limit", says: "at least 1"),
        Refusal(target: "/debug/traces?limit=ten", status: 400, parameter: "limit", says: "whole number"),
        Refusal(target: "/debug/traces?limit=99999999999999999999999", status: 400, parameter: "limit", says: "whole number"),
        // Misspelt and repeated parameters are refused, not ignored.
        Refusal(target: "/debug/traces?minduration=1s", status: 400, parameter: "minduration", says: "unknown parameter"),
        Refusal(target: "/debug/traces?service=a&service=b", status: 400, parameter: "service", says: "more than once"),
        Refusal(target: "/debug/traces/stream?sort=newest", status: 400, parameter: "sort", says: "unknown parameter"),
        Refusal(target: "/debug/traces/stream?minDuration=1x", status: 400, parameter: "minDuration", position: 1, says: "unknown unit"),
        Refusal(target: "/debug/traces/stats?verbose=1", status: 400, parameter: "verbose", says: "takes none"),
        Refusal(target: "/debug/traces/routes?service=a", status: 400, parameter: "service", says: "takes none"),
        Refusal(target: "/debug/traces/active?x", status: 400, parameter: "x", says: "takes none"),
        // Trace-ids: malformed is 400, unknown is 404.
        Refusal(target: "/debug/traces/abc", status: 400, parameter: "traceId", says: "32 hex digits"),
        Refusal(target: "/debug/traces/" + String(repeating: "g", count: 32), status: 400, parameter: "traceId", says: "32 hex digits"),
        Refusal(target: "/debug/traces/+bcdef0123456789abcdef0123456789", status: 400, parameter: "traceId", says: "32 hex digits"),
        Refusal(target: "/debug/traces/" + String(repeating: "0", count: 32), status: 400, parameter: "traceId", says: "all-zero"),
        Refusal(target: "/debug/traces/" + String(repeating: "a", count: 33), status: 400, parameter: "traceId", says: "32 hex digits"),
        Refusal(target: "/debug/traces/4bf92f3577b34da6a3ce929d0e0e4736", status: 404, parameter: "traceId", says: "no trace 4bf92f3577b34da6a3ce929d0e0e4736"),
        Refusal(target: "/debug/traces/4bf92f3577b34da6a3ce929d0e0e4736/summary", status: 404, parameter: "traceId", says: "no trace"),
        // Formats.
        Refusal(target: "/debug/traces/\(SampleTraces.checkout)?format=xml", status: 400, parameter: "format", says: "json, otlp, jaeger, zipkin, text"),
        Refusal(target: "/debug/traces/\(SampleTraces.checkout)?format=", status: 400, parameter: "format", says: "format must be"),
        Refusal(target: "/debug/traces/\(SampleTraces.checkout)?download=yes", status: 400, parameter: "download", says: "1 or 0"),
        Refusal(target: "/debug/traces/\(SampleTraces.checkout)?fromat=otlp", status: 400, parameter: "fromat", says: "unknown parameter"),
    ]

    @Test(arguments: refusals)
    func badInputIsRefusedWithAJSONReason(_ refusal: Refusal) async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request(refusal.method, refusal.target)
            #expect(response.status == refusal.status, "\(response.text)")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Cache-Control") == "no-store")
            let body = try response.object()
            #expect(Set(body.keys) == ["error"])
            let error = try #require(body["error"] as? [String: Any])
            #expect(Set(error.keys) == ["message", "parameter", "position"])
            let message = try #require(error["message"] as? String)
            #expect(message.contains(refusal.says), "\(message)")
            #expect(error["parameter"] as? String == refusal.parameter)
            if let position = refusal.position {
                #expect(error["position"] as? Int == position, "\(message)")
            } else {
                #expect(error["position"] is NSNull)
            }
        }
    }

    /// The position points into the value as sent: the character the parser stopped at.
    @Test func syntaxErrorPositionPointsAtTheProblem() async throws {
        let (store, _) = sampleStore()
        let query = #"{ span.http.route = "/x" && duration > 10parsecs }"#
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let response = try await api.request("/debug/traces?q=" + encode(query))
            #expect(response.status == 400)
            let error = try #require(try response.object()["error"] as? [String: Any])
            let position = try #require(error["position"] as? Int)
            #expect(Array(query)[position...].starts(with: "parsecs"))
        }
    }

    @Test func otherMethodsAre405WithAllow() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            for target in ["/debug/traces", "/debug/traces/stats", "/debug/traces/\(SampleTraces.checkout)"] {
                for method in ["POST", "PUT", "DELETE", "PATCH"] {
                    let response = try await api.request(method, target)
                    #expect(response.status == 405, "\(method) \(target)")
                    #expect(response.header("Allow") == "GET, HEAD", "\(method) \(target)")
                }
            }
            let pin = try await api.request("GET", "/debug/traces/\(SampleTraces.checkout)/pin")
            #expect(pin.status == 405)
            #expect(pin.header("Allow") == "POST")
            #expect(store.summary(id: SampleTraces.id(2))?.keptReasons.contains(.pinned) == false)
        }
    }
}
