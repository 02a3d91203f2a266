import Foundation
import SpanscopeTestSupport
import Testing

@testable import Spanscope

/// Pin and unpin: the only writes, and safe against requests from other sites.
@Suite struct TraceAPIPinTests {
    typealias S = SampleTraces
    static let json = ("Content-Type", "application/json")

    struct Answer: Decodable, Equatable {
        var traceId: String
        var pinned: Bool
        var result: String
    }

    static func answer(_ response: RawConnection.Response) throws -> Answer {
        #expect(Set(try response.object().keys) == ["traceId", "pinned", "result"])
        return try JSONDecoder().decode(Answer.self, from: Data(response.body))
    }

    @Test func pinKeepsATraceUntilUnpinned() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            var response = try await api.request("POST", "/debug/traces/\(S.health)/pin", headers: [Self.json], body: "{}")
            #expect(response.status == 200)
            #expect(try Self.answer(response) == Self.Answer(traceId: S.health, pinned: true, result: "pinned"))
            #expect(store.summary(id: S.id(3))?.keptReasons.contains(.pinned) == true)
            let summary = try await api.object("/debug/traces/\(S.health)/summary")
            #expect((summary["keptReasons"] as? [String])?.contains("pinned") == true)
            let listed = try await api.object("/debug/traces?route=/health")
            #expect(((listed["traces"] as? [[String: Any]])?.first?["keptReasons"] as? [String])?.contains("pinned") == true)

            response = try await api.request("POST", "/debug/traces/\(S.health)/pin", headers: [Self.json])
            #expect(try response.object()["result"] as? String == "alreadyPinned")

            response = try await api.request("POST", "/debug/traces/\(S.health)/unpin", headers: [("Content-Type", "application/json; charset=utf-8")])
            #expect(response.status == 200)
            #expect(try Self.answer(response) == Self.Answer(traceId: S.health, pinned: false, result: "unpinned"))
            #expect(store.summary(id: S.id(3))?.keptReasons.contains(.pinned) == false)

            response = try await api.request("POST", "/debug/traces/\(S.health)/unpin", headers: [Self.json])
            #expect(try response.object()["result"] as? String == "notPinned")
        }
    }

    @Test func pinOfAnUnknownTraceIs404AndOverTheLimitIs409() async throws {
        var configuration = TraceStore.Configuration()
        configuration.maxPinnedTraces = 1
        let (store, _) = sampleStore(configuration: configuration)
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let unknown = "4bf92f3577b34da6a3ce929d0e0e4736"
            #expect(try await api.request("POST", "/debug/traces/\(unknown)/pin", headers: [Self.json]).status == 404)
            #expect(try await api.request("POST", "/debug/traces/\(unknown)/unpin", headers: [Self.json]).status == 404)
            #expect(try await api.request("POST", "/debug/traces/xyz/pin", headers: [Self.json]).status == 400)
            #expect(try await api.request("POST", "/debug/traces/\(S.checkout)/pin", headers: [Self.json]).status == 200)
            let full = try await api.request("POST", "/debug/traces/\(S.failed)/pin", headers: [Self.json])
            #expect(full.status == 409)
            let error = try #require(try full.object()["error"] as? [String: Any])
            #expect((error["message"] as? String)?.contains("at most 1 traces may be pinned") == true)
        }
    }

    /// What another site's page could send: a form post, a cross-site fetch; each is refused and pins nothing.
    @Test func crossSiteRequestsAreRefused() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let own = "http://127.0.0.1:\(api.port)"
            let refusals: [([(String, String)], Int, String)] = [
                ([], 415, "Content-Type"),
                ([("Content-Type", "application/x-www-form-urlencoded")], 415, "Content-Type"),
                ([("Content-Type", "text/plain")], 415, "Content-Type"),
                ([("Content-Type", "multipart/form-data; boundary=x")], 415, "Content-Type"),
                ([("Content-Type", "application/jsonp")], 415, "Content-Type"),
                ([Self.json, ("Sec-Fetch-Site", "cross-site")], 403, "Sec-Fetch-Site"),
                ([Self.json, ("Sec-Fetch-Site", "same-site")], 403, "Sec-Fetch-Site"),
                ([Self.json, ("Origin", "http://evil.example")], 403, "Origin"),
                ([Self.json, ("Origin", "null")], 403, "Origin"),
                ([Self.json, ("Origin", "http://127.0.0.1:1")], 403, "Origin"),
                ([Self.json, ("Origin", "file://")], 403, "Origin"),
                ([Self.json, ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://evil.example")], 403, "Origin"),
            ]
            for (headers, status, parameter) in refusals {
                let response = try await api.request("POST", "/debug/traces/\(S.checkout)/pin", headers: headers, body: "{}")
                #expect(response.status == status, "\(headers)")
                let error = try #require(try response.object()["error"] as? [String: Any])
                #expect(error["parameter"] as? String == parameter, "\(headers)")
            }
            #expect(store.summary(id: S.id(1))?.keptReasons.contains(.pinned) == false)

            let sameOrigin = try await api.request(
                "POST", "/debug/traces/\(S.checkout)/pin",
                headers: [Self.json, ("Sec-Fetch-Site", "same-origin"), ("Origin", own)]
            )
            #expect(sameOrigin.status == 200)
            let typedURL = try await api.request("POST", "/debug/traces/\(S.checkout)/unpin", headers: [Self.json, ("Sec-Fetch-Site", "none")])
            #expect(typedURL.status == 200)
            #expect(store.summary(id: S.id(1))?.keptReasons.contains(.pinned) == false)
        }
    }
}
