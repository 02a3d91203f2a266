import Foundation
import Testing

@testable import Spanscope

/// Mounting is explicit: at a chosen prefix on the service's router, or on a server of its own.
@Suite struct TraceAPIMountingTests {
    @Test func nothingIsMountedUntilRegistered() async throws {
        let (store, _) = sampleStore()
        _ = TraceUI(store: store)
        var router = Router()
        router.get("/hello") { _, _ in Response(text: "hello") }
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), router: router)
        try server.start()
        let api = TraceAPIServer(server: server, host: "127.0.0.1")
        #expect(try await api.request("/debug/traces").status == 404)
        await server.shutdown()
    }

    @Test(arguments: ["/internal/traces", "internal/traces/", "/internal/traces//"])
    func registersUnderAnyPrefix(prefix: String) async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store), at: prefix) { api async throws in
            #expect(try await api.request("/debug/traces").status == 404)
            let list = try await api.request("/internal/traces?limit=1")
            #expect(list.status == 200)
            #expect((try list.object()["traces"] as? [Any])?.count == 1)
            #expect(try await api.request("/internal/traces/stats").status == 200)
            #expect(try await api.request("/internal/traces/\(SampleTraces.failed)?format=text").status == 200)
        }
    }

    @Test func servesOnAPortOfItsOwn() async throws {
        let (store, _) = sampleStore()
        let server = try TraceUI(store: store).serve(configuration: ServerConfiguration(port: 0, loopCount: 1))
        let api = TraceAPIServer(server: server, host: "127.0.0.1")
        let root = try await api.request("/")
        #expect(root.status == 302)
        #expect(root.header("Location") == "/debug/traces")
        #expect(try await api.traceIDs("status=error") == [SampleTraces.failed])
        await server.shutdown()
    }
}
