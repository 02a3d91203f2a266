import Spanscope
import Testing
import Tracing

/// The conventions' status rules for server spans: a 5xx, returned or thrown, is an error;
/// a 4xx is the client's and leaves the status unset; a thrown error is recorded.
@Suite struct ServerSpanStatusTests {
    struct LedgerUnavailable: Error, CustomStringConvertible {
        var description: String { "ledger unavailable" }
    }

    @Test func returned5xxIsAnErrorTypedByItsStatusCode() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/pay") { _, _ in Response(status: .serviceUnavailable, text: "later") }
        }) { server in
            let response = try await server.send(.get, "/pay")
            #expect(response.status.code == 503)
            let span = try await server.serverSpan(answering: response)
            #expect(span.status?.code == .error)
            // The reason is the status code: the conventions ask for no description then.
            #expect(span.status?.message == nil)
            #expect(span["error.type"] == .string("503"))
            #expect(span.events.isEmpty)
        }
    }

    @Test func returned4xxLeavesTheStatusUnset() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/pay") { _, _ in Response(status: .paymentRequired, text: "declined") }
        }) { server in
            let span = try await server.serverSpan(answering: try await server.send(.get, "/pay"))
            #expect(span["http.response.status_code"] == .int(402))
            #expect(span.status == nil)
            #expect(span["error.type"] == nil)
        }
    }

    @Test(arguments: [false, true])
    func thrownErrorIsRecordedAnsweredAs500AndTypedBySwiftType(asynchronous: Bool) async throws {
        try await TracedServer.with(routes: { router in
            if asynchronous {
                router.get("/ledger") { _, _ in
                    await Task.yield()
                    throw LedgerUnavailable()
                }
            } else {
                router.get("/ledger") { _, _ in throw LedgerUnavailable() }
            }
        }) { server in
            let response = try await server.send(.get, "/ledger")
            #expect(response.status.code == 500)
            #expect(response.text == "internal server error\n")
            let span = try await server.serverSpan(answering: response)
            let typeName = String(reflecting: LedgerUnavailable.self)
            #expect(span.status?.code == .error)
            #expect(span.status?.message == "ledger unavailable")
            #expect(span["error.type"] == .string(typeName))
            #expect(span["http.response.status_code"] == .int(500))
            let exception = try #require(span.events.first)
            #expect(span.events.count == 1)
            #expect(exception.name == "exception")
            #expect(exception.attributes[key: "exception.type"] == .string(typeName))
            #expect(exception.attributes[key: "exception.message"] == .string("ledger unavailable"))
        }
    }

    @Test func thrownClientErrorIsRecordedButLeavesTheStatusUnset() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/orders/:id") { _, _ in throw HTTPError(.notFound, "no such order") }
        }) { server in
            let response = try await server.send(.get, "/orders/9")
            #expect(response.status.code == 404)
            #expect(response.text == "no such order\n")
            let span = try await server.serverSpan(answering: response)
            #expect(span.status == nil)
            #expect(span["error.type"] == nil)
            #expect(span.events.map(\.name) == ["exception"])
        }
    }

    @Test func errorThrownByALaterMiddlewareIsRecordedAndAnswered() async throws {
        struct Gatekeeper: Middleware {
            func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
                throw LedgerUnavailable()
            }
        }
        try await TracedServer.with(middlewaresAfter: [Gatekeeper()], routes: { router in
            router.get("/open") { _, _ in Response(text: "open") }
        }) { server in
            let response = try await server.send(.get, "/open")
            #expect(response.status.code == 500)
            let span = try await server.serverSpan(answering: response)
            #expect(span.name == "GET /open")
            #expect(span.status?.code == .error)
            #expect(span["error.type"] == .string(String(reflecting: LedgerUnavailable.self)))
            #expect(span.events.map(\.name) == ["exception"])
        }
    }
}
