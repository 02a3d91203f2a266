import Foundation
import Testing

@testable import Spanscope

/// Who may read the API: loopback clients by default, a bearer token or an `authorize`
/// rule otherwise. Real connections from addresses the test chooses.
@Suite struct TraceAPIAccessTests {
    static let list = "/debug/traces/stats"

    @Test func loopbackClientsAreAllowedByDefault() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            #expect(try await api.request(Self.list).status == 200)
            // All of 127.0.0.0/8 is loopback.
            #expect(try await api.request(Self.list, from: "127.0.0.2").status == 200)
            #expect(try await api.request(Self.list, headers: [("Host", "localhost:\(api.port)")]).status == 200)
            #expect(try await api.request(Self.list, headers: [("Host", "traces.localhost")]).status == 200)
        }
    }

    @Test(.enabled(if: hasIPv6Loopback)) func ipv6LoopbackIsAllowed() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store), host: "::1") { api async throws in
            #expect(try await api.request(Self.list).status == 200)
        }
    }

    @Test(.enabled(if: nonLoopbackAddress != nil)) func otherAddressesAreRefusedByDefault() async throws {
        let (store, _) = sampleStore()
        let address = try #require(nonLoopbackAddress)
        try await withTraceAPI(TraceUI(store: store), host: address) { api async throws in
            for target in [Self.list, "/debug/traces", "/debug/traces/\(SampleTraces.checkout)", "/debug/traces/stream"] {
                let response = try await api.request(target)
                #expect(response.status == 403, "\(target)")
                let error = try #require(try response.object()["error"] as? [String: Any])
                #expect((error["message"] as? String)?.contains("loopback clients only") == true)
            }
            let pin = try await api.request("POST", "/debug/traces/\(SampleTraces.checkout)/pin", headers: [("Content-Type", "application/json")])
            #expect(pin.status == 403)
            #expect(store.summary(id: SampleTraces.id(1))?.keptReasons.contains(.pinned) == false)
        }
    }

    /// A proxy on this host connects from loopback; what it says about its client decides.
    @Test func relayedRequestsCountOnlyWhenEveryHopIsLoopback() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let refused: [(String, String)] = [
                ("X-Forwarded-For", "203.0.113.7"),
                ("X-Forwarded-For", "127.0.0.1, 203.0.113.7"),
                ("X-Real-IP", "198.51.100.1"),
                ("Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"),
                ("Forwarded", #"for=127.0.0.1, for="[2001:db8:cafe::17]:4711""#),
                ("Forwarded", "for=_hidden"),
                ("Forwarded", "for=unknown"),
                ("Host", "evil.example:\(api.port)"),
                ("Host", "127.0.0.1.evil.example"),
            ]
            for header in refused {
                #expect(try await api.request(Self.list, headers: [header]).status == 403, "\(header)")
            }
            let allowed: [(String, String)] = [
                ("X-Forwarded-For", "127.0.0.1"),
                ("X-Forwarded-For", "127.0.0.5, ::1"),
                ("Forwarded", #"for="[::1]:5000";proto=http"#),
                ("Forwarded", "For=127.0.0.1:80"),
                ("X-Real-IP", "::ffff:127.0.0.1"),
            ]
            for header in allowed {
                #expect(try await api.request(Self.list, headers: [header]).status == 200, "\(header)")
            }
        }
    }

    @Test func bearerTokenIsRequiredFromEveryone() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store, access: .bearerToken("s3cr3t-t0ken"))) { api async throws in
            let missing = try await api.request(Self.list)
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate") == #"Bearer realm="spanscope""#)
            #expect(try missing.object()["error"] != nil)

            for wrong in ["Bearer s3cr3t", "Bearer s3cr3t-t0ken2", "Bearer S3CR3T-T0KEN", "Bearer  "] {
                let response = try await api.request(Self.list, headers: [("Authorization", wrong)])
                #expect(response.status == 401, "\(wrong)")
            }
            let wrong = try await api.request(Self.list, headers: [("Authorization", "Bearer nope")])
            #expect(wrong.header("WWW-Authenticate") == #"Bearer realm="spanscope", error="invalid_token""#)
            #expect(try await api.request(Self.list, headers: [("Authorization", "Basic czNjcjN0LXQwa2Vu")]).status == 401)

            for right in ["Bearer s3cr3t-t0ken", "bearer s3cr3t-t0ken", "BEARER   s3cr3t-t0ken"] {
                #expect(try await api.request(Self.list, headers: [("Authorization", right)]).status == 200, "\(right)")
            }
        }
    }

    @Test(.enabled(if: nonLoopbackAddress != nil)) func bearerTokenOpensTheUIToOtherAddresses() async throws {
        let (store, _) = sampleStore()
        let address = try #require(nonLoopbackAddress)
        try await withTraceAPI(TraceUI(store: store, access: .bearerToken("t")), host: address) { api async throws in
            #expect(try await api.request(Self.list).status == 401)
            #expect(try await api.request(Self.list, headers: [("Authorization", "Bearer t")]).status == 200)
        }
    }

    @Test func authorizeDecidesAlone() async throws {
        let (store, _) = sampleStore()
        let ui = TraceUI(store: store, access: .authorize { $0.remoteAddress == "127.0.0.2" })
        try await withTraceAPI(ui) { api async throws in
            let refused = try await api.request(Self.list, from: "127.0.0.1")
            #expect(refused.status == 403)
            let error = try #require(try refused.object()["error"] as? [String: Any])
            #expect(error["message"] as? String == "not authorized to read the trace UI")
            #expect(try await api.request(Self.list, from: "127.0.0.2").status == 200)
            #expect(try await api.request("/debug/traces", from: "127.0.0.2").status == 200)
        }
    }

    @Test func loopbackAddresses() {
        for address in ["127.0.0.1", "127.255.255.254", "127.0.0.2", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"] {
            #expect(LoopbackAddress.contains(address), "\(address)")
        }
        for address in ["128.0.0.1", "10.0.0.1", "0.0.0.0", "::", "::2", "::ffff:10.0.0.1", "localhost", "", "127.0.0.1.evil", "fe80::1"] {
            #expect(!LoopbackAddress.contains(address), "\(address)")
        }
        for host in ["localhost", "LOCALHOST:8080", "localhost.", "a.localhost:1", "127.0.0.1:80", "[::1]:8080", "[::1]"] {
            #expect(LoopbackAddress.isLoopbackHost(host), "\(host)")
        }
        for host in ["example.com", "localhost.example.com", "[::2]:80", "10.1.1.1:8080", "notlocalhost"] {
            #expect(!LoopbackAddress.isLoopbackHost(host), "\(host)")
        }
    }

    @Test func tokensCompareWholly() {
        let expected = Array("abc".utf8)
        #expect(TraceUI.Access.constantTimeEquals(Array("abc".utf8), expected))
        for given in ["", "ab", "abd", "abcd", "ABC", "\0bc"] {
            #expect(!TraceUI.Access.constantTimeEquals(Array(given.utf8), expected), "\(given)")
        }
    }
}
