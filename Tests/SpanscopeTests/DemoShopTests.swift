import Foundation
import InMemoryLogging
import Logging
import Spanscope
import Testing
@testable import SpanscopeDemo

/// The shop run in-process on loopback with its traffic generator: the store fills with
/// traces of every pattern the demo is there to show.
@Suite(.serialized) struct DemoShopTests {
    /// Faults come sooner and time runs shorter than in the demo, so that every pattern
    /// shows up within seconds.
    static func configuration(store: TraceStore, logger: Logger) -> DemoShop.Configuration {
        DemoShop.Configuration(
            gatewayPort: 0,
            store: store,
            logger: logger,
            paymentTimeout: .milliseconds(150),
            providerStallPeriod: 3,
            providerStall: .milliseconds(400),
            usersDatabaseDropPeriod: 6
        )
    }

    @Test func trafficFillsTheStoreWithTracesOfEveryPattern() async throws {
        let store = TraceStore()
        var handler = InMemoryLogHandler()
        handler.metadataProvider = .spanscope
        handler.logLevel = .info
        let logs = handler
        let shop = try await DemoShop.start(Self.configuration(store: store, logger: Logger(label: "demo") { _ in logs }))
        let traffic = TrafficGenerator(
            gatewayURL: shop.gatewayURL,
            configuration: TrafficGenerator.Configuration(requestsPerSecond: 12, burstInterval: nil)
        )
        let driving = Task { await traffic.run() }

        // Each round of traffic holds every pattern; faults strike every few calls.
        var patterns = DemoPatterns(store: store)
        let deadline = ContinuousClock.now + .seconds(40)
        while !Self.showsEverything(patterns), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            patterns = DemoPatterns(store: store)
        }
        driving.cancel()
        await driving.value
        await shop.shutdown()
        patterns = DemoPatterns(store: store)

        #expect(traffic.statistics.requests > 0)
        let crossing = try #require(patterns.crossServiceTrace(services: 4), "no connected trace across 4 services")
        #expect(Set(crossing.spans.map(\.traceID)) == [crossing.traceID])
        // Shoppers call only the gateway: every trace is summarized and counted under its routes.
        let summary = try #require(store.query(TraceQuery(limit: TraceQuery.maxLimit)).first { $0.traceID == crossing.traceID.description })
        #expect(summary.rootService == "gateway")
        #expect(summary.route.hasPrefix("/api/"))
        #expect(Set(store.routeStatistics().map(\.service)) == ["gateway"])
        let nPlusOne = try #require(patterns.nPlusOneOverDatabaseSpans, "no N+1 finding over database spans")
        #expect(nPlusOne.spanIDs.count >= 5)
        let retry = try #require(patterns.retryAfterFailure, "no retry finding: a failed attempt, then a success")
        #expect(patterns.parallelCalls != nil, "no three calls under way at once")
        #expect(patterns.failedClientSpan(status: 402) != nil, "no 402 client span with Error")
        #expect(patterns.failedServerSpan(status: 503) != nil, "no 503 server span with Error")
        #expect(patterns.producerAndConsumer != nil, "no consumer span as child of a producer span")
        let lookups = patterns.cacheLookups
        #expect(lookups.hits > 0 && lookups.misses > 0, "cache hits \(lookups.hits), misses \(lookups.misses)")

        // The log line about the retry carries the retried trace's id.
        let retryLogs = logs.entries.filter { $0.message.description == "payment timed out, retrying" }
        #expect(retryLogs.contains { $0.metadata["trace_id"] == .string(retry.trace.traceID.description) }, "\(retryLogs)")
        #expect(retryLogs.allSatisfy { $0.metadata["service"] == "orders" })
    }

    @Test func gatewayAnswersTheLatestTracesAsTextWaterfalls() async throws {
        let store = TraceStore()
        let shop = try await DemoShop.start(Self.configuration(store: store, logger: Logger(label: "demo") { _ in SwiftLogNoOpLogHandler() }))
        let client = HTTPClient()
        let home = try await client.get("\(shop.gatewayURL)/api/home", headers: ["Authorization": "Bearer demo-ada"])
        #expect(home.status == .ok, "\(home.text)")
        let traceID = try #require(home.headers["traceresponse"]?.split(separator: "-").dropFirst().first, "\(home.headers)")
        // The gateway's span ends just after its answer is written: wait for the trace to be stored.
        let deadline = ContinuousClock.now + .seconds(10)
        while !store.query(TraceQuery()).contains(where: { $0.traceID == traceID }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let page = try await client.get("\(shop.gatewayURL)/debug/waterfall?limit=1")
        #expect(page.status == .ok)
        #expect(page.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(page.text.hasPrefix("Trace \(traceID)  "), "\(page.text)")
        #expect(page.text.contains("GET /api/home [gateway]"))
        #expect(page.text.contains("[users]") && page.text.contains("[orders]") && page.text.contains("[products]"))
        let slowest = try await client.get("\(shop.gatewayURL)/debug/waterfall?sort=slowest&status=unset&limit=20")
        #expect(slowest.status == .ok)
        #expect(slowest.text.contains("Trace \(traceID)  "))
        // The trace UI is mounted on the gateway, over the whole shop's store.
        let listed = try await client.get("\(shop.gatewayURL)/debug/traces?limit=1000")
        #expect(listed.status == .ok)
        #expect(listed.text.contains("\"\(traceID)\""), "\(listed.text.prefix(500))")
        let trace = try await client.get("\(shop.gatewayURL)/debug/traces/\(traceID)")
        #expect(trace.status == .ok)
        #expect(trace.text.contains("\"GET /api/home\""))

        for (query, reason) in [
            ("limit=0", "limit must be 1 to 20"), ("limit=x", "limit must be 1 to 20"),
            ("sort=fast", "sort must be one of"), ("status=bad", "status must be error, ok or unset"),
        ] {
            let refused = try await client.get("\(shop.gatewayURL)/debug/waterfall?\(query)")
            #expect(refused.status == .badRequest, "\(query)")
            #expect(refused.text.hasPrefix(reason), "\(query): \(refused.text)")
        }
        await client.shutdown()
        await shop.shutdown()
    }

    @Test func signedInRoutesRefuseAMissingOrUnknownToken() async throws {
        let shop = try await DemoShop.start(Self.configuration(store: TraceStore(), logger: Logger(label: "demo") { _ in SwiftLogNoOpLogHandler() }))
        let client = HTTPClient()
        let anonymous = try await client.get("\(shop.gatewayURL)/api/orders")
        #expect(anonymous.status == .unauthorized)
        #expect(anonymous.text == "missing bearer token\n")
        let stranger = try await client.get("\(shop.gatewayURL)/api/orders", headers: ["Authorization": "Bearer nobody"])
        #expect(stranger.status == .unauthorized)
        #expect(stranger.text == "unknown or expired token\n")
        let badOrder = try await client.post(
            "\(shop.gatewayURL)/api/checkout",
            body: Array(#"{"productId": 3, "quantity": 0}"#.utf8),
            headers: ["Authorization": "Bearer demo-ada", "Content-Type": "application/json"]
        )
        #expect(badOrder.status == .unprocessableContent)
        #expect(badOrder.text == "quantity must be 1 to 10\n")
        let notJSON = try await client.post("\(shop.gatewayURL)/api/checkout", body: Array("{".utf8), headers: ["Authorization": "Bearer demo-ada"])
        #expect(notJSON.status == .badRequest)
        await client.shutdown()
        await shop.shutdown()
    }

    @Test func aGatewayAddressThatCannotBeBoundFailsTheStart() async throws {
        var configuration = Self.configuration(store: TraceStore(), logger: Logger(label: "demo") { _ in SwiftLogNoOpLogHandler() })
        // TEST-NET-3: an address no interface of this machine has.
        configuration.host = "203.0.113.1"
        await #expect(throws: HTTPServerError.self) { try await DemoShop.start(configuration) }
    }

    static func showsEverything(_ patterns: DemoPatterns) -> Bool {
        let lookups = patterns.cacheLookups
        return patterns.crossServiceTrace(services: 4) != nil && patterns.nPlusOneOverDatabaseSpans != nil
            && patterns.retryAfterFailure != nil && patterns.parallelCalls != nil
            && patterns.failedClientSpan(status: 402) != nil && patterns.failedServerSpan(status: 503) != nil
            && patterns.producerAndConsumer != nil && lookups.hits > 0 && lookups.misses > 0
    }
}
