import Spanscope
import Testing
import Tracing

/// When the server span starts and ends, what runs inside it, and where it is listed
/// while it runs.
@Suite struct ServerSpanLifetimeTests {
    @Test func spanEndsAfterAStreamedBodyHasBeenWritten() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/feed") { _, _ in
                Response { writer in
                    try await writer.write("first;")
                    try await Task.sleep(for: .milliseconds(300))
                    try await writer.write("second")
                }
            }
        }) { server in
            let response = try await server.send(.get, "/feed")
            #expect(response.text == "first;second")
            let span = try await server.serverSpan(answering: response)
            // The handler returned at once; only the stream took the 300 ms.
            #expect(span.durationNanos >= 300_000_000)
            #expect(span["http.response.body.size"] == .int(12))
        }
    }

    @Test func headAndNoContentAnswersWriteNoBody() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/page") { _, _ in Response(text: "a page") }
            router.delete("/page") { _, _ in Response(status: .noContent) }
        }) { server in
            let head = try await server.serverSpan(answering: try await server.send(.head, "/page"))
            #expect(head.name == "HEAD /page")
            #expect(head["http.response.body.size"] == .int(0))
            let get = try await server.serverSpan(answering: try await server.send(.get, "/page"))
            #expect(get["http.response.body.size"] == .int(6))
            let deleted = try await server.serverSpan(answering: try await server.send(.delete, "/page"))
            #expect(deleted["http.response.body.size"] == .int(0))
        }
    }

    @Test func handlersSpansNestUnderTheServerSpan() async throws {
        let store = TraceStore()
        let tracer = SpanscopeTracer(serviceName: "shop", recorder: store, environment: [:])
        try await TracedServer.with(store: store, tracer: tracer, routes: { router in
            router.get("/sync") { _, _ in
                let parent = ServiceContext.current?.spanContext?.spanID.description ?? "none"
                tracer.withSpan("sync child") { _ in }
                return Response(text: parent)
            }
            router.get("/stream") { _, _ in
                Response { writer in
                    try await tracer.withSpan("stream child") { _ in try await writer.write("streamed") }
                }
            }
            router.get("/async") { _, _ in
                try await tracer.withSpan("async child") { _ in
                    try await Task.sleep(for: .milliseconds(1))
                    tracer.withSpan("grandchild") { _ in }
                }
                return Response(text: "done")
            }
        }) { server in
            let sync = try await server.send(.get, "/sync")
            let syncTrace = try await server.trace(try #require(sync.traceResponse).traceID)
            let syncServer = try await server.serverSpan(answering: sync)
            // The sync handler ran with the server span's context bound.
            #expect(sync.text == syncServer.spanID.description)
            let syncChild = try #require(syncTrace.spans.first { $0.name == "sync child" })
            #expect(syncChild.parentSpanID == syncServer.spanID)
            #expect(syncChild.traceID == syncServer.traceID)

            let async = try await server.send(.get, "/async")
            let asyncTrace = try await server.trace(try #require(async.traceResponse).traceID)
            let asyncServer = try await server.serverSpan(answering: async)
            let child = try #require(asyncTrace.spans.first { $0.name == "async child" })
            let grandchild = try #require(asyncTrace.spans.first { $0.name == "grandchild" })
            #expect(child.parentSpanID == asyncServer.spanID)
            #expect(grandchild.parentSpanID == child.spanID)
            #expect(asyncTrace.spans.count == 3)
            #expect(asyncTrace.root?.spanID == asyncServer.spanID)

            // A streamed body is written after the handler returned, and still inside the span.
            let stream = try await server.send(.get, "/stream")
            #expect(stream.text == "streamed")
            let streamTrace = try await server.trace(try #require(stream.traceResponse).traceID)
            let streamServer = try await server.serverSpan(answering: stream)
            let streamChild = try #require(streamTrace.spans.first { $0.name == "stream child" })
            #expect(streamChild.parentSpanID == streamServer.spanID)
        }
    }

    @Test func inFlightRequestsListARequestWhileItRunsAndNotAfter() async throws {
        let inFlight = InFlightRequests()
        let gate = Gate()
        try await TracedServer.with(serviceName: "orders", inFlight: inFlight, routes: { router in
            router.get("/orders/:id") { _, _ in
                await gate.wait()
                return Response(text: "order")
            }
            router.get("/excluded-by-sampling") { _, _ in Response(text: "quiet") }
        }) { server in
            #expect(inFlight.snapshot().isEmpty)
            async let answer = server.send(.get, "/orders/42?full=1", headers: [("traceparent", Caller.sampled)])
            let deadline = ContinuousClock.now + .seconds(10)
            while inFlight.snapshot().isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let entries = inFlight.snapshot()
            #expect(inFlight.count == 1)
            let entry = try #require(entries.first)
            #expect(entries.count == 1)
            #expect(entry.traceID == Caller.traceID)
            #expect(entry.serviceName == "orders")
            #expect(entry.method == "GET")
            #expect(entry.route == "/orders/:id")
            #expect(entry.path == "/orders/42")
            #expect(entry.elapsed >= .zero)
            await gate.open()
            let response = try await answer
            #expect(response.traceResponse?.parentID.description == entry.spanID)
            // The entry went when the response was written, before the client could read it.
            #expect(inFlight.snapshot().isEmpty)
            #expect(inFlight.count == 0)
            // An unsampled request is never listed: nothing of it could be looked up.
            _ = try await server.send(.get, "/excluded-by-sampling", headers: [("traceparent", Caller.unsampled)])
            #expect(inFlight.count == 0)
        }
    }

    @Test func spanOfAResponseAnOuterMiddlewareReplacedStillEnds() async throws {
        struct Replacer: Middleware {
            func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
                _ = try await next(request, context)
                return Response(text: "replaced")
            }
        }
        let inFlight = InFlightRequests()
        try await TracedServer.with(inFlight: inFlight, middlewaresBefore: [Replacer()], routes: { router in
            router.get("/original") { _, _ in Response(text: "original") }
        }) { server in
            let response = try await server.send(.get, "/original", headers: [("traceparent", Caller.sampled)])
            #expect(response.text == "replaced")
            #expect(response.headers["traceresponse"] == nil)
            let trace = try await server.trace(try TraceParent(Caller.sampled).traceID)
            let span = try #require(trace.spans.first)
            #expect(span.name == "GET /original")
            #expect(span["http.response.status_code"] == .int(200))
            // It never reached the connection, so it wrote no body.
            #expect(span["http.response.body.size"] == nil)
            #expect(inFlight.count == 0)
        }
    }
}

/// Holds handlers until the test opens it.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}
