import Spanscope
import Testing
import Tracing

/// Three services on loopback calling each other (gateway → orders → stock), each with its
/// own service name, the tracing middleware and `TracingHTTPClient`: one trace across them.
@Suite(.serialized) struct MultiServiceTests {
    /// The five spans of one checkout, by service and kind.
    struct Chain {
        var gatewayServer, gatewayClient, ordersServer, ordersClient, stockServer: SpanRecord

        init(_ trace: Trace) throws {
            func span(_ service: String, _ kind: SpanKind) throws -> SpanRecord {
                let matching = trace.spans.filter { $0.serviceName == service && $0.kind == kind }
                try #require(matching.count == 1, "\(matching.count) \(kind) spans of \(service) in \(trace.spans.map { "\($0.serviceName) \($0.name)" })")
                return matching[0]
            }
            gatewayServer = try span("gateway", .server)
            gatewayClient = try span("gateway", .client)
            ordersServer = try span("orders", .server)
            ordersClient = try span("orders", .client)
            stockServer = try span("stock", .server)
            #expect(trace.spans.count == ServiceChain.spansPerCheckout)
        }

        var all: [SpanRecord] { [gatewayServer, gatewayClient, ordersServer, ordersClient, stockServer] }
    }

    @Test func oneTraceRunsThroughEveryService() async throws {
        try await ServiceChain.with { chain in
            let response = try await chain.checkout("tea", traceparent: Caller.sampled)
            #expect(response.status == .ok)
            let spans = try Chain(try await chain.trace(of: response))

            // One trace-id; server span → client span → next server span.
            #expect(spans.all.allSatisfy { $0.traceID.description == Caller.traceID })
            #expect(spans.gatewayServer.parentSpanID?.description == Caller.spanID)
            #expect(spans.gatewayClient.parentSpanID == spans.gatewayServer.spanID)
            #expect(spans.ordersServer.parentSpanID == spans.gatewayClient.spanID)
            #expect(spans.ordersClient.parentSpanID == spans.ordersServer.spanID)
            #expect(spans.stockServer.parentSpanID == spans.ordersClient.spanID)
            #expect([spans.gatewayServer, spans.ordersServer, spans.stockServer].allSatisfy { $0.parentIsRemote })
            #expect(!spans.gatewayClient.parentIsRemote && !spans.ordersClient.parentIsRemote)

            // Names and attributes.
            #expect(spans.all.map(\.name) == ["GET /checkout/:item", "GET", "GET /orders/:item", "GET", "GET /stock/:item"])
            #expect(spans.ordersServer.attributes[key: "http.route"] == .string("/orders/:item"))
            #expect(spans.ordersServer.attributes[key: "url.path"] == .string("/orders/tea"))
            for (client, server, path) in [
                (spans.gatewayClient, chain.orders, "/orders/tea"), (spans.ordersClient, chain.stock, "/stock/tea"),
            ] {
                #expect(client.attributes[key: "http.request.method"] == .string("GET"))
                #expect(client.attributes[key: "url.full"] == .string("http://127.0.0.1:\(server.port)\(path)"))
                #expect(client.attributes[key: "server.address"] == .string("127.0.0.1"))
                #expect(client.attributes[key: "server.port"] == .int(Int64(server.port)))
                #expect(client.attributes[key: "http.response.status_code"] == .int(200))
            }
            #expect(spans.all.allSatisfy { $0.status == nil })

            // traceresponse at each hop names the server span that answered.
            let gatewayAnswer = try TraceParent(try #require(response.headers["traceresponse"]))
            #expect(gatewayAnswer.parentID == spans.gatewayServer.spanID)
            #expect(spans.gatewayClient.attributes[key: "spanscope.callee.span_id"] == .string(spans.ordersServer.spanID.description))
            #expect(spans.ordersClient.attributes[key: "spanscope.callee.span_id"] == .string(spans.stockServer.spanID.description))
            let report = HopReport(response.text)
            #expect(report.values["orders answered"] == "00-\(Caller.traceID)-\(spans.ordersServer.spanID)-01")
            #expect(report.values["stock answered"] == "00-\(Caller.traceID)-\(spans.stockServer.spanID)-01")
            // And what each hop received is the caller's client span.
            #expect(report.values["gateway received"] == Caller.sampled)
            #expect(report.values["orders received"] == "00-\(Caller.traceID)-\(spans.gatewayClient.spanID)-01")
            #expect(report.values["stock received"] == "00-\(Caller.traceID)-\(spans.ordersClient.spanID)-01")
        }
    }

    @Test func aTraceStartedAtTheGatewayReachesTheLastService() async throws {
        try await ServiceChain.with { chain in
            let response = try await chain.checkout("tea")
            let spans = try Chain(try await chain.trace(of: response))
            #expect(spans.gatewayServer.parentSpanID == nil)
            #expect(Set(spans.all.map(\.traceID)).count == 1)
            #expect(HopReport(response.text)["stock received"]?.traceID == spans.gatewayServer.traceID)
        }
    }

    /// An invalid caller traceparent restarts the trace at the gateway; the new trace
    /// then runs through every service.
    @Test func restartAtTheGatewayCarriesTheNewTraceOn() async throws {
        try await ServiceChain.with { chain in
            let response = try await chain.checkout("tea", traceparent: "00-\(Caller.traceID.uppercased())-\(Caller.spanID)-01")
            let named = try TraceParent(try #require(response.headers["traceresponse"]))
            #expect(named.traceID.description != Caller.traceID.lowercased())
            #expect(response.headers.values(for: "server-timing").contains("trace;desc=\(response.headers["traceresponse"]!)"))
            let spans = try Chain(try await chain.trace(of: response))
            #expect(spans.gatewayServer.parentSpanID == nil)
            #expect(spans.all.allSatisfy { $0.traceID == named.traceID })
            #expect(HopReport(response.text)["stock received"]?.traceID == named.traceID)
        }
    }

    /// An unsampled request goes through every service with the same trace-id and the
    /// sampled flag off, each hop answering with a span id of its own, and stores nothing.
    @Test func unsampledRequestPropagatesAndStoresNothing() async throws {
        try await ServiceChain.with { chain in
            let response = try await chain.checkout("tea", traceparent: Caller.unsampled)
            #expect(response.status == .ok)
            let report = HopReport(response.text)
            let gateway = try TraceParent(try #require(response.headers["traceresponse"]))
            let hops = [gateway] + (try ["orders answered", "stock answered", "orders received", "stock received"].map { try #require(report[$0], "\($0) in \(response.text)") })
            #expect(hops.allSatisfy { $0.traceID.description == Caller.traceID && !$0.flags.contains(.sampled) })
            let answered = [gateway, report["orders answered"]!, report["stock answered"]!].map(\.parentID)
            #expect(Set(answered.map(\.description) + [Caller.spanID]).count == 4)

            // Every loop has handled the unsampled request before this one reaches it, so
            // once this one is stored, anything of the first would be.
            let sampled = try await chain.checkout("tea", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            _ = try await chain.trace(of: sampled)
            #expect(chain.store.trace(id: gateway.traceID) == nil)
            #expect(chain.store.statistics().spansRecorded == ServiceChain.spansPerCheckout)
        }
    }

    /// A thrown error in the last service is recorded there (500, Error) and seen upstream:
    /// each client span is Error with the 500, and each server that passed it on is Error too.
    @Test func errorThrownDownstreamIsVisibleUpstream() async throws {
        try await ServiceChain.with { chain in
            let response = try await chain.checkout("broken", traceparent: Caller.sampled)
            #expect(response.status.code == 500)
            let spans = try Chain(try await chain.trace(of: response))

            #expect(spans.stockServer.status?.code == .error)
            let exception = try #require(spans.stockServer.events.first { $0.name == "exception" })
            #expect(exception.attributes[key: "exception.type"]?.description.contains("StockBroken") == true)
            for client in [spans.ordersClient, spans.gatewayClient] {
                #expect(client.status == SpanStatus(code: .error))
                #expect(client.attributes[key: "http.response.status_code"] == .int(500))
                #expect(client.attributes[key: "error.type"] == .string("500"))
            }
            #expect(spans.ordersServer.status?.code == .error)
            #expect(spans.gatewayServer.status?.code == .error)
            #expect(spans.all.allSatisfy { $0.traceID.description == Caller.traceID })
        }
    }

    /// A 4xx is the caller's failure, not the server's: the servers leave the status unset,
    /// the client spans are Error.
    @Test func notFoundDownstreamFailsOnlyTheClientSpans() async throws {
        try await ServiceChain.with { chain in
            let response = try await chain.checkout("missing", traceparent: Caller.sampled)
            #expect(response.status == .notFound)
            let spans = try Chain(try await chain.trace(of: response))

            for server in [spans.stockServer, spans.ordersServer, spans.gatewayServer] {
                #expect(server.status == nil)
                #expect(server.attributes[key: "http.response.status_code"] == .int(404))
            }
            for client in [spans.ordersClient, spans.gatewayClient] {
                #expect(client.status == SpanStatus(code: .error))
                #expect(client.attributes[key: "error.type"] == .string("404"))
            }
        }
    }
}
