import Foundation
import Testing

@testable import Spanscope

/// `GET /debug/traces`: every filter, sort and limit, against the sample traces.
@Suite struct TraceAPISearchTests {
    typealias S = SampleTraces

    @Test func everyFilterSelectsItsTraces() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let cases: [(String, Set<String>)] = [
                ("", Set(S.all)),
                ("service=payments", [S.checkout, S.failed]),
                ("service=search", [S.search]),
                ("operation=SELECT+*+FROM+orders", [S.checkout]),
                ("operation=SELECT", []),
                ("route=%2Fcheckout", [S.checkout, S.failed]),
                ("route=/health", [S.health]),
                ("name=select", [S.checkout]),
                ("name=INDEX", [S.search]),
                ("status=error", [S.failed]),
                ("status=ok", [S.checkout, S.search]),
                ("status=unset", [S.health, S.hostile]),
                ("minDuration=100ms", [S.checkout, S.failed]),
                ("minDuration=120ms", [S.checkout, S.failed]),
                ("minDuration=1.5s", []),
                ("maxDuration=50ms", [S.health, S.hostile, S.search]),
                ("minDuration=1ms&maxDuration=10ms", [S.health, S.hostile]),
                ("minDuration=1500us&maxDuration=0.0025s", [S.health]),
                ("minDuration=2000000ns&maxDuration=2ms", [S.health]),
                ("maxDuration=1h", Set(S.all)),
                ("tags=user.tier%3Dgold", [S.failed]),
                ("tags=error%3Dtrue", [S.failed]),
                ("tags=db.system%3Dpostgresql&tags=http.response.status_code%3D200", [S.checkout]),
                ("tags=db.system%3Dpostgresql&tags=http.response.status_code%3D500", []),
                ("tags=" + encode(#"query.text="shoes""#), [S.search]),
                ("q=" + encode(#"{ span.db.system = "postgresql" }"#), [S.checkout]),
                ("q=" + encode(#"{ status = error } && { name = "POST /pay" }"#), [S.failed]),
                ("q=" + encode("{ duration > 100ms }"), [S.checkout, S.failed]),
                ("q=" + encode("{ resource.service.name = \"payments\" && status = ok }"), [S.checkout]),
                ("since=15m", [S.health, S.hostile]),
                ("since=3m", [S.hostile]),
                ("since=45m", [S.failed, S.health, S.hostile]),
                ("since=2h30m", [S.checkout, S.failed, S.health, S.hostile]),
                ("since=6h", Set(S.all)),
                ("until=2h", [S.search]),
                ("since=6h&until=15m", [S.checkout, S.failed, S.search]),
                ("service=frontend&status=error&minDuration=500ms", [S.failed]),
                ("service=frontend&status=error&maxDuration=500ms", []),
                // A blank field of a search form is no filter.
                ("service=&status=&q=&tags=&minDuration=", Set(S.all)),
            ]
            for (query, expected) in cases {
                let ids = try await api.traceIDs(query)
                #expect(Set(ids) == expected, "\(query)")
                #expect(ids.count == expected.count, "\(query): duplicates in \(ids)")
            }
        }
    }

    @Test func sinceAndUntilTakeRFC3339Times() async throws {
        let (store, samples) = sampleStore()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func time(secondsAgo: Double) -> String {
            formatter.string(from: Date(timeIntervalSince1970: Double(samples.now) / 1e9 - secondsAgo))
        }
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            #expect(Set(try await api.traceIDs("since=" + encode(time(secondsAgo: 600)))) == [S.health, S.hostile])
            #expect(Set(try await api.traceIDs("until=" + encode(time(secondsAgo: 7200)))) == [S.search])
            let window = "since=" + encode(time(secondsAgo: 2700)) + "&until=" + encode(time(secondsAgo: 1200))
            #expect(try await api.traceIDs(window) == [S.failed])
            // An offset names the same instant as UTC: ten minutes ago, written two hours east.
            let instant = Date(timeIntervalSince1970: Double(samples.now) / 1e9 - 600)
            let east = ISO8601DateFormatter()
            east.timeZone = TimeZone(secondsFromGMT: 7200)
            east.formatOptions = [.withInternetDateTime]
            let eastText = east.string(from: instant)
            #expect(eastText.hasSuffix("+02:00"))
            #expect(Set(try await api.traceIDs("since=" + encode(eastText))) == [S.health, S.hostile])
        }
    }

    @Test func everySortOrdersTheResults() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let orders: [(String, [String])] = [
                ("", [S.hostile, S.health, S.failed, S.checkout, S.search]),
                ("sort=newest", [S.hostile, S.health, S.failed, S.checkout, S.search]),
                ("sort=oldest", [S.search, S.checkout, S.failed, S.health, S.hostile]),
                ("sort=slowest", [S.failed, S.checkout, S.search, S.hostile, S.health]),
                ("sort=fastest", [S.health, S.hostile, S.search, S.checkout, S.failed]),
                // Ties (two spans each) by trace-id.
                ("sort=mostSpans", [S.checkout, S.failed, S.search, S.hostile, S.health]),
            ]
            for (query, expected) in orders {
                #expect(try await api.traceIDs(query) == expected, "\(query)")
                let list = try await api.object("/debug/traces?" + query)
                #expect(list["sort"] as? String == (query.isEmpty ? "newest" : String(query.dropFirst("sort=".count))))
            }
        }
    }

    @Test func limitDefaultsTo20AndIsCappedNotRefused() async throws {
        var configuration = TraceStore.Configuration()
        configuration.recentTraces = 1100
        let store = TraceStore(configuration: configuration)
        let now = TraceUI.wallClockNanos()
        for n in 1...1010 { store.record(singleSpanTrace(UInt64(n), service: "bulk", now: now - UInt64(n) * 1_000)) }
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            var list = try await api.object("/debug/traces")
            #expect((list["traces"] as? [Any])?.count == 20)
            #expect(list["count"] as? Int == 20)
            #expect(list["limit"] as? Int == 20)
            #expect(list["requestedLimit"] as? Int == 20)
            #expect(list["limitCapped"] as? Bool == false)
            #expect(list["maxLimit"] as? Int == 1000)

            list = try await api.object("/debug/traces?limit=3")
            #expect(list["count"] as? Int == 3)
            #expect(list["limit"] as? Int == 3)

            list = try await api.object("/debug/traces?limit=5000")
            #expect((list["traces"] as? [Any])?.count == 1000)
            #expect(list["limit"] as? Int == 1000)
            #expect(list["requestedLimit"] as? Int == 5000)
            #expect(list["limitCapped"] as? Bool == true)

            list = try await api.object("/debug/traces?limit=1000")
            #expect(list["limitCapped"] as? Bool == false)
        }
    }

    @Test func summariesHaveTheDocumentedShape() async throws {
        let (store, samples) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let list = try await api.object("/debug/traces?route=%2Fcheckout&sort=slowest")
            let traces = try #require(list["traces"] as? [[String: Any]])
            #expect(Set(list.keys) == ["traces", "count", "sort", "limit", "requestedLimit", "limitCapped", "maxLimit"])
            let failed = try #require(traces.first)
            #expect(Set(failed.keys) == [
                "traceId", "rootName", "rootService", "services", "route", "startTimeUnixNano", "durationNanos",
                "spanCount", "errorCount", "droppedSpanCount", "status", "statusCode", "incomplete", "keptReasons",
            ])
            #expect(failed["traceId"] as? String == S.failed)
            #expect(failed["rootName"] as? String == "GET /checkout")
            #expect(failed["rootService"] as? String == "frontend")
            #expect(failed["services"] as? [String] == ["frontend", "payments"])
            #expect(failed["route"] as? String == "/checkout")
            #expect(failed["startTimeUnixNano"] as? String == String(samples.now - 1_800_000_000_000))
            #expect(failed["durationNanos"] as? Int == 900_000_000)
            #expect(failed["spanCount"] as? Int == 3)
            #expect(failed["errorCount"] as? Int == 2)
            #expect(failed["droppedSpanCount"] as? Int == 0)
            #expect(failed["status"] as? String == "error")
            #expect(failed["statusCode"] as? Int == 500)
            #expect(failed["incomplete"] as? Bool == false)
            let reasons = try #require(failed["keptReasons"] as? [String])
            #expect(reasons.contains("recent") && reasons.contains("error"))

            let hostile = try #require(try await api.object("/debug/traces?status=unset&sort=slowest")["traces"] as? [[String: Any]])
            #expect(hostile.first?["statusCode"] is NSNull, "absent values are null, not missing")
        }
    }
}

/// Percent-encodes a query value.
func encode(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed)!
}
