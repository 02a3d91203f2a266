import Spanscope
import Testing
import W3CTraceContext

/// `traceresponse`, `server-timing` and `Access-Control-Expose-Headers` on every answer,
/// naming the trace and the server span that handled the request.
@Suite struct TraceResponseHeaderTests {
    struct Broken: Error {}

    /// Checks the three headers and returns the `traceresponse` they agree on.
    @discardableResult
    static func expectTraceHeaders(_ response: ClientResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> TraceParent {
        let value = try #require(response.headers["traceresponse"], "no traceresponse", sourceLocation: sourceLocation)
        #expect(response.headers.values(for: "traceresponse").count == 1, sourceLocation: sourceLocation)
        // Exactly the 55-character version 00 form, lowercase.
        #expect(value.utf8.count == 55 && value.hasPrefix("00-") && value == value.lowercased(), sourceLocation: sourceLocation)
        #expect(response.headers.values(for: "server-timing").contains("trace;desc=\(value)"), sourceLocation: sourceLocation)
        #expect(response.headers["Access-Control-Expose-Headers"] == "traceresponse, server-timing", sourceLocation: sourceLocation)
        return try TraceParent(value)
    }

    @Test func everyAnswerCarriesTheTraceHeaders() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/sync") { _, _ in Response(text: "sync") }
            router.get("/async") { _, _ in
                await Task.yield()
                return Response(text: "async")
            }
            router.get("/throws") { _, _ in throw Broken() }
            router.get("/http-error") { _, _ in throw HTTPError(.conflict, "taken", headers: ["Retry-After": "1"]) }
            router.get("/stream") { _, _ in Response { writer in try await writer.write("chunk") } }
        }) { server in
            for (method, target, status) in [
                (HTTPMethod.get, "/sync", 200), (.get, "/async", 200), (.get, "/throws", 500),
                (.get, "/http-error", 409), (.get, "/missing", 404), (.post, "/sync", 405),
                (.head, "/sync", 200), (.get, "/stream", 200),
            ] {
                let response = try await server.send(method, target)
                #expect(response.status.code == status, "\(method) \(target)")
                let named = try Self.expectTraceHeaders(response)
                // Each names the span the store holds for it, and it is sampled.
                let span = try await server.serverSpan(answering: response)
                #expect(span.traceID == named.traceID)
                #expect(named.flags.contains(.sampled))
            }
        }
    }

    @Test func exposeHeadersOfTheHandlerAreKeptAndCompleted() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/own") { _, _ in Response(headers: ["Access-Control-Expose-Headers": "X-Request-Id"], text: "own") }
            router.get("/some") { _, _ in
                Response(headers: HTTPHeaders([("Access-Control-Expose-Headers", "X-Request-Id, TraceResponse"), ("Access-Control-Expose-Headers", "Link")]), text: "some")
            }
        }) { server in
            let own = try await server.send(.get, "/own")
            #expect(own.headers.values(for: "Access-Control-Expose-Headers") == ["X-Request-Id, traceresponse, server-timing"])
            let some = try await server.send(.get, "/some")
            #expect(some.headers.values(for: "Access-Control-Expose-Headers") == ["X-Request-Id, TraceResponse, Link, server-timing"])
        }
    }

    @Test func serverSpanContinuesTheCallersTrace() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/continue") { _, _ in Response(text: "ok") }
        }) { server in
            let response = try await server.send(.get, "/continue", headers: [
                ("traceparent", Caller.sampled),
                ("tracestate", "congo=t61rcWkgMzE"),
                ("TraceState", "rojo=00f067aa0ba902b7"),
            ])
            let named = try Self.expectTraceHeaders(response)
            #expect(named.traceID.description == Caller.traceID)
            #expect(named.flags.contains(.sampled))
            let span = try await server.serverSpan(answering: response)
            #expect(span.traceID.description == Caller.traceID)
            #expect(span.parentSpanID?.description == Caller.spanID)
            #expect(span.parentIsRemote)
            #expect(span.spanID.description != Caller.spanID)
            // Both tracestate lines, in order, are the span's trace state.
            #expect(span.traceState.map { "\($0.vendor)=\($0.value)" } == ["congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7"])
        }
    }

    @Test func randomTraceIDFlagOfTheCallerIsCarried() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/flags") { _, _ in Response(text: "ok") }
        }) { server in
            let plain = try await server.send(.get, "/flags", headers: [("traceparent", Caller.sampled)])
            #expect(try Self.expectTraceHeaders(plain).flags == .sampled)
            let random = try await server.send(.get, "/flags", headers: [("traceparent", "00-\(Caller.traceID)-\(Caller.spanID)-03")])
            #expect(try Self.expectTraceHeaders(random).flags == [.sampled, .randomTraceID])
        }
    }

    @Test(arguments: [
        [("traceparent", "00-\(Caller.traceID)-\(Caller.spanID)-0g")],
        [("traceparent", "00-00000000000000000000000000000000-\(Caller.spanID)-01")],
        [("traceparent", "ff-\(Caller.traceID)-\(Caller.spanID)-01")],
        [("traceparent", Caller.sampled), ("traceparent", "00-\(Caller.traceID)-b7ad6b7169203331-01")],
    ])
    func invalidTraceparentRestartsTheTraceAndTraceresponseNamesTheNewOne(headers: [(String, String)]) async throws {
        try await TracedServer.with(routes: { router in
            router.get("/restart") { _, _ in Response(text: "ok") }
        }) { server in
            let response = try await server.send(.get, "/restart", headers: headers + [("tracestate", "congo=t61rcWkgMzE")])
            let named = try Self.expectTraceHeaders(response)
            #expect(named.traceID.description != Caller.traceID)
            // A new trace made here is random, and the root sampler records it.
            #expect(named.flags == [.sampled, .randomTraceID])
            let span = try await server.serverSpan(answering: response)
            #expect(span.traceID == named.traceID)
            #expect(span.parentSpanID == nil)
            // tracestate is never read after a failed traceparent.
            #expect(Array(span.traceState).isEmpty)
        }
    }

    @Test func twoEqualTraceparentLinesAreOneParent() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/twice") { _, _ in Response(text: "ok") }
        }) { server in
            let response = try await server.send(.get, "/twice", headers: [("traceparent", Caller.sampled), ("traceparent", Caller.sampled)])
            let span = try await server.serverSpan(answering: response)
            #expect(span.traceID.description == Caller.traceID)
            #expect(span.parentSpanID?.description == Caller.spanID)
        }
    }

    @Test func unsampledRequestPropagatesTheTraceWithSampledZeroAndStoresNothing() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/quiet") { _, _ in Response(text: "ok") }
        }) { server in
            let quiet = try await server.send(.get, "/quiet", headers: [("traceparent", Caller.unsampled)])
            #expect(quiet.status.code == 200)
            let named = try Self.expectTraceHeaders(quiet)
            #expect(named.traceID.description == Caller.traceID)
            #expect(named.parentID.description != Caller.spanID)
            #expect(named.flags == [])
            // The server has one loop: a sampled request sent next is handled after the
            // unsampled one has been answered, so once it is stored, anything of the first would be.
            let loud = try await server.send(.get, "/quiet", headers: [("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")])
            _ = try await server.serverSpan(answering: loud)
            #expect(server.store.trace(id: named.traceID) == nil)
            #expect(server.store.statistics().spansRecorded == 1)
        }
    }
}
