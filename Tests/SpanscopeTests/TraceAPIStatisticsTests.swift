import Foundation
import Testing

@testable import Spanscope

/// `/routes`, `/stats` and `/active`: their shapes and what they count.
@Suite struct TraceAPIStatisticsTests {
    typealias S = SampleTraces

    @Test func routesHaveBucketsWithExemplars() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let answer = try await api.object("/debug/traces/routes")
            #expect(Set(answer.keys) == ["percentileRelativeError", "routes"])
            #expect(answer["percentileRelativeError"] as? Double == 1.0 / 32)
            let routes = try #require(answer["routes"] as? [[String: Any]])
            #expect(routes.map { "\($0["service"] ?? "") \($0["route"] ?? "")" } == [
                "\(S.hostileService) \(S.hostileName)", "frontend /checkout", "frontend /health", "search /search",
            ])
            let checkout = try #require(routes.first { $0["route"] as? String == "/checkout" })
            #expect(Set(checkout.keys) == [
                "service", "route", "count", "errorCount", "p50Nanos", "p90Nanos", "p99Nanos", "buckets", "slowestTraceIds",
            ])
            #expect(checkout["count"] as? Int == 2)
            #expect(checkout["errorCount"] as? Int == 1)
            let p99 = try #require(checkout["p99Nanos"] as? Int)
            #expect(abs(Double(p99) - 900e6) <= 900e6 / 32)
            #expect(checkout["slowestTraceIds"] as? [String] == [S.failed, S.checkout])
            let buckets = try #require(checkout["buckets"] as? [[String: Any]])
            #expect(buckets.count == 9)
            #expect(buckets.map { $0["label"] as? String ?? "" } == [
                "[0, 10us)", "[10us, 100us)", "[100us, 1ms)", "[1ms, 10ms)", "[10ms, 100ms)", "[100ms, 1s)",
                "[1s, 10s)", "[10s, 100s)", "[100s, ∞)",
            ])
            #expect(Set(buckets[0].keys) == ["label", "lowerBoundNanos", "upperBoundNanos", "count", "exemplarTraceIds"])
            #expect(buckets[5]["lowerBoundNanos"] as? Int == 100_000_000)
            #expect(buckets[5]["upperBoundNanos"] as? Int == 1_000_000_000)
            #expect(buckets[8]["upperBoundNanos"] is NSNull)
            #expect(buckets.map { $0["count"] as? Int } == [0, 0, 0, 0, 0, 2, 0, 0, 0])
            // Both fall in [100ms, 1s); the second arrived within the admission interval of the first.
            #expect(buckets[5]["exemplarTraceIds"] as? [String] == [S.checkout])
        }
    }

    @Test func statsCountTheStore() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let stats = try await api.object("/debug/traces/stats")
            #expect(Set(stats.keys) == [
                "retainedTraces", "tracesPerSet", "pendingTraces", "routes", "bytesUsed", "retainedBytes", "peakRetainedBytes",
                "pendingBytes", "reservedBytes", "budgetBytes", "spansRecorded", "tracesCompleted", "tracesTimedOut", "dropped",
                "evicted", "sampling", "received",
            ])
            #expect(stats["retainedTraces"] as? Int == 5)
            #expect(stats["tracesCompleted"] as? Int == 5)
            #expect(stats["spansRecorded"] as? Int == 12)
            #expect(stats["routes"] as? Int == 4)
            #expect(stats["budgetBytes"] as? Int == 64 << 20)
            let perSet = try #require(stats["tracesPerSet"] as? [String: Int])
            #expect(perSet["recent"] == 5)
            #expect(perSet["error"] == 1)
            #expect(perSet["pinned"] == 0)
            let used = try #require(stats["bytesUsed"] as? Int)
            #expect(used > 0 && used <= 64 << 20)
        }
    }

    @Test func statsShowTheExportersCountersWhenOneIsAttached() async throws {
        let (store, _) = sampleStore()
        // Nothing listens on port 9 of loopback: the queued spans are counted, then dropped.
        let exporter = try OTLPExporter(configuration: .init(endpoint: "http://127.0.0.1:9/v1/traces", timeout: .milliseconds(200)))
        let processor = BatchSpanProcessor(exporter: exporter, configuration: .init(exportTimeout: .milliseconds(300), maxQueueSize: 2, maxExportBatchSize: 2))
        processor.enqueue(Array(repeating: try #require(store.trace(id: SampleTraces.id(1))?.spans.first), count: 3))
        var ui = TraceUI(store: store)
        ui.exporter = processor
        try await withTraceAPI(ui) { api async throws in
            let stats = try await api.object("/debug/traces/stats")
            #expect(stats["retainedTraces"] as? Int == 5)
            let export = try #require(stats["export"] as? [String: Any], "\(stats)")
            #expect(export["maxQueueSize"] as? Int == 2)
            #expect((export["droppedSpans"] as? [String: Int])?["queueFull"] == 1)
        }
        await processor.shutdown()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            #expect(try await api.object("/debug/traces/stats")["export"] == nil)
        }
    }

    @Test func activeIsEmptyWithoutInFlightRequests() async throws {
        let (store, _) = sampleStore()
        try await withTraceAPI(TraceUI(store: store)) { api async throws in
            let active = try await api.object("/debug/traces/active")
            #expect(active["requests"] as? [Any] != nil)
            #expect((active["requests"] as? [Any])?.isEmpty == true)
            #expect(active["count"] as? Int == 0)
        }
        try await withTraceAPI(TraceUI(store: store, inFlight: InFlightRequests())) { api async throws in
            #expect(try await api.object("/debug/traces/active")["count"] as? Int == 0)
        }
    }

    /// With the tracing middleware in front: a request held in its handler is listed with its
    /// route and elapsed time, leaves the list once answered, and its trace is then found by
    /// the search; the API's own requests are not traced.
    @Test func activeListsTracedRequestsInFlight() async throws {
        let store = TraceStore()
        let inFlight = InFlightRequests()
        let gate = Gate()
        try await TracedServer.with(serviceName: "shop", store: store, inFlight: inFlight, routes: { router in
            router.get("/orders/:id") { _, _ in
                await gate.wait()
                return Response(text: "order")
            }
            TraceUI(store: store, inFlight: inFlight).register(on: &router)
        }) { server in
            // Fresh connections, not the client's pool: the held request must not share one with the polls.
            let api = TraceAPIServer(server: server.server, host: "127.0.0.1")
            let held = Task { try await api.request("/orders/7?verbose=1") }
            func active() async throws -> [[String: Any]] {
                try #require(try await api.object("/debug/traces/active")["requests"] as? [[String: Any]])
            }
            var requests: [[String: Any]] = []
            let deadline = ContinuousClock.now + .seconds(30)
            while requests.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
                requests = try await active()
            }
            let request = try #require(requests.first)
            #expect(requests.count == 1, "the API's own requests are not traced: \(requests)")
            #expect(Set(request.keys) == [
                "traceId", "spanId", "serviceName", "method", "route", "path", "startTimeUnixNano", "elapsedNanos",
            ])
            #expect(request["serviceName"] as? String == "shop")
            #expect(request["method"] as? String == "GET")
            #expect(request["route"] as? String == "/orders/:id")
            #expect(request["path"] as? String == "/orders/7")
            let traceID = try #require(request["traceId"] as? String)
            #expect(traceID.count == 32)
            #expect((request["spanId"] as? String)?.count == 16)
            #expect((request["elapsedNanos"] as? Int ?? 0) > 0)
            let started = try #require((request["startTimeUnixNano"] as? String).flatMap(UInt64.init))
            #expect(started <= TraceUI.wallClockNanos())

            await gate.open()
            #expect(try await held.value.status == 200)
            while !(try await active()).isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try await active().isEmpty)
            #expect(try await api.traceIDs("route=/orders/:id") == [traceID])
            #expect(store.query(TraceQuery(limit: 100)).count == 1, "only the order was traced")
        }
    }
}
