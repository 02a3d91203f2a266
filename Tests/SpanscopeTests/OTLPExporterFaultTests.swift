import Foundation
import InMemoryLogging
import Logging
import Spanscope
import SpanscopeTestSupport
import Testing
import Tracing

/// The collector misbehaving: down, too slow, overloaded, refusing. The service goes on, the
/// exporter retries only what OTLP says to retry, and every lost span is counted.
@Suite struct OTLPExporterFaultTests {
    private let anHour = Duration.seconds(3600)

    private func exporter(
        endpoint: String, timeout: Duration = .seconds(10), backoff: Duration = .milliseconds(10)
    ) throws -> OTLPExporter {
        try OTLPExporter(configuration: .init(
            endpoint: endpoint, timeout: timeout,
            retry: .init(initialBackoff: backoff, maxBackoff: backoff * 5)
        ))
    }

    private func processor(
        endpoint: String, timeout: Duration = .seconds(10), _ configuration: BatchSpanProcessor.Configuration,
        logger: Logger = InMemoryLogHandler().logger
    ) throws -> BatchSpanProcessor {
        BatchSpanProcessor(exporter: try exporter(endpoint: endpoint, timeout: timeout), configuration: configuration, logger: logger)
    }

    @Test func theCollectorDownFailsTheExportAndIsCounted() async throws {
        let down = try PortReservation()
        let port = down.port
        let processor = try processor(
            endpoint: "http://127.0.0.1:\(port)/v1/traces", .init(scheduleDelay: anHour, exportTimeout: .milliseconds(300))
        )
        processor.enqueue(OTLPFixture.numbered(3))
        await processor.forceFlush()
        let statistics = processor.statistics
        #expect(statistics.failedExports == 1)
        #expect(statistics.droppedSpans.failed == 3)
        #expect(statistics.exportedSpans == 0)
        #expect(statistics.lastError == "exporting 3 spans failed: connection refused by 127.0.0.1:\(port); "
            + "no time left to retry before the export deadline")
        await processor.shutdown()
        down.release()
    }

    /// Connections are refused for seconds, far longer than one refusal takes, then the
    /// collector starts: the export that began meanwhile gets through on a retry.
    @Test func aRefusedConnectionIsRetriedUntilTheCollectorIsUp() async throws {
        let down = try PortReservation()
        let port = down.port
        let exporter = try exporter(endpoint: "http://127.0.0.1:\(port)/v1/traces", backoff: .milliseconds(100))
        let export = Task { await exporter.export(OTLPFixture.numbered(3), deadline: .now + .seconds(60)) }
        try await Task.sleep(for: .seconds(3))
        down.release()
        let collector = try CollectorStandIn(port: port)
        let result = await export.value
        #expect(result.outcome == .accepted(rejectedSpans: 0, message: ""))
        #expect(result.retries >= 1)
        #expect(collector.requests.count == 1)
        await exporter.shutdown()
        await collector.shutdown()
    }

    @Test func aCollectorSlowerThanTheTimeoutFailsTheExportAndTheNextOneGoesThrough() async throws {
        let collector = try CollectorStandIn(then: .hang)
        let processor = try processor(
            endpoint: collector.endpoint, timeout: .milliseconds(200), .init(scheduleDelay: anHour, exportTimeout: .seconds(1))
        )
        processor.enqueue(OTLPFixture.numbered(4))
        await processor.forceFlush()
        var statistics = processor.statistics
        #expect(statistics.failedExports == 1)
        #expect(statistics.droppedSpans.failed == 4)
        #expect(statistics.lastError?.contains(HTTPClientError.deadlineExceeded.description) == true, "\(statistics.lastError ?? "")")
        #expect(collector.requests.count >= 1)

        collector.release()
        processor.enqueue(OTLPFixture.numbered(2, from: 4))
        await processor.forceFlush()
        statistics = processor.statistics
        #expect(statistics.successfulExports == 1)
        #expect(statistics.exportedSpans == 2)
        await processor.shutdown()
        await collector.shutdown()
    }

    @Test func aTimedOutRequestIsRetried() async throws {
        let collector = try CollectorStandIn(answers: [.hang])
        let exporter = try exporter(endpoint: collector.endpoint, timeout: .milliseconds(200))
        let result = await exporter.export(OTLPFixture.numbered(2), deadline: .now + .seconds(30))
        #expect(result.outcome == .accepted(rejectedSpans: 0, message: ""))
        #expect(result.retries >= 1)
        await exporter.shutdown()
        await collector.shutdown()
    }

    @Test func a503WithRetryAfterSecondsIsRetriedAfterThatLong() async throws {
        let collector = try CollectorStandIn(answers: [.status(.serviceUnavailable, headers: ["Retry-After": "1"])])
        let exporter = try exporter(endpoint: collector.endpoint)
        let result = await exporter.export(OTLPFixture.numbered(2), deadline: .now + .seconds(30))
        #expect(result == OTLPExportResult(spanCount: 2, outcome: .accepted(rejectedSpans: 0, message: ""), retries: 1))
        let requests = collector.requests
        try #require(requests.count == 2)
        // A lower bound only: the backoff alone would have retried after about 10 ms.
        #expect(requests[0].time.duration(to: requests[1].time) >= .seconds(1))
        #expect(requests[0].body == requests[1].body, "the same request is sent again")
        await exporter.shutdown()
        await collector.shutdown()
    }

    @Test func aRetryAfterDateIsHonoredToo() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        // Whole seconds: two from now is more than one from now. The wait is measured from
        // here, where the date is fixed, not from the first request: starting the collector
        // under load can eat into the second before it.
        let written = ContinuousClock.now
        let date = formatter.string(from: Date().addingTimeInterval(2))
        let collector = try CollectorStandIn(answers: [.status(.tooManyRequests, headers: ["Retry-After": date])])
        let exporter = try exporter(endpoint: collector.endpoint)
        let result = await exporter.export(OTLPFixture.numbered(1), deadline: .now + .seconds(30))
        #expect(result.outcome == .accepted(rejectedSpans: 0, message: ""))
        #expect(result.retries == 1)
        let requests = collector.requests
        try #require(requests.count == 2)
        #expect(written.duration(to: requests[1].time) >= .seconds(1))
        await exporter.shutdown()
        await collector.shutdown()
    }

    @Test(arguments: [429, 502, 503, 504])
    func theRetryableStatusesAreRetried(status: Int) async throws {
        let collector = try CollectorStandIn(answers: [.status(HTTPStatus(code: status)), .status(HTTPStatus(code: status))])
        let exporter = try exporter(endpoint: collector.endpoint)
        let result = await exporter.export(OTLPFixture.numbered(1), deadline: .now + .seconds(30))
        #expect(result == OTLPExportResult(spanCount: 1, outcome: .accepted(rejectedSpans: 0, message: ""), retries: 2))
        #expect(collector.requests.count == 3)
        await exporter.shutdown()
        await collector.shutdown()
    }

    @Test func aRetryAfterBeyondTheDeadlineEndsTheExportAtOnce() async throws {
        let collector = try CollectorStandIn(then: .status(.serviceUnavailable, headers: ["Retry-After": "3600"]))
        let exporter = try exporter(endpoint: collector.endpoint)
        let result = await exporter.export(OTLPFixture.numbered(1), deadline: .now + .seconds(30))
        #expect(result.outcome == .failed(reason: "the collector answered 503; no time left to retry before the export deadline"))
        #expect(result.retries == 0)
        #expect(collector.requests.count == 1)
        await exporter.shutdown()
        await collector.shutdown()
    }

    // "All other 4xx or 5xx response status codes MUST NOT be retried."
    @Test(arguments: [400, 401, 413, 500, 501])
    func otherStatusesDropTheBatchWithoutRetrying(status: Int) async throws {
        let reason = #"{"code":3,"message":"invalid span: trace_id is empty"}"#
        let collector = try CollectorStandIn(then: .status(
            HTTPStatus(code: status), headers: ["Content-Type": "application/json"], body: Array(reason.utf8)
        ))
        let warnings = InMemoryLogHandler()
        let processor = try processor(endpoint: collector.endpoint, .init(scheduleDelay: anHour), logger: warnings.logger)
        processor.enqueue(OTLPFixture.numbered(3))
        await processor.forceFlush()
        #expect(collector.requests.count == 1)
        let statistics = processor.statistics
        #expect(statistics.failedExports == 1)
        #expect(statistics.retries == 0)
        #expect(statistics.droppedSpans.refused == 3)
        #expect(statistics.lastError == "the collector refused 3 spans with \(status): \(reason)")
        #expect(warnings.warnings == [statistics.lastError])
        await processor.shutdown()
        await collector.shutdown()
    }

    @Test func aFullQueueDropsAndCountsAndNeverGrows() async throws {
        let collector = try CollectorStandIn(then: .hang)
        let processor = try processor(
            endpoint: collector.endpoint, timeout: anHour,
            .init(scheduleDelay: anHour, exportTimeout: anHour, maxQueueSize: 100, maxExportBatchSize: 10)
        )
        processor.enqueue(OTLPFixture.numbered(10))
        _ = try await collector.requests(count: 1) // that batch now hangs in flight
        for trace in 0..<200 {
            processor.enqueue(OTLPFixture.numbered(5, from: 10 + trace * 5))
            #expect(processor.statistics.queuedSpans <= 100)
        }
        var statistics = processor.statistics
        #expect(statistics.queuedSpans == 100)
        #expect(statistics.droppedSpans.queueFull == 900)

        collector.release()
        await processor.forceFlush()
        statistics = processor.statistics
        #expect(statistics.exportedSpans == 110)
        #expect(statistics.droppedSpans.total == 900)
        #expect(statistics.queuedSpans == 0)
        await processor.shutdown()
        await collector.shutdown()
    }

    /// The collector hangs for the whole test; a request whose traces went to the exporter
    /// still answers, because completing a trace only appends to the queue. A blocked enqueue
    /// would hold every request past the client's deadline, far beyond what one takes.
    @Test func tracedRequestsAreNotHeldUpByAHangingCollector() async throws {
        let collector = try CollectorStandIn(then: .hang)
        let store = TraceStore()
        let tracer = SpanscopeTracer(serviceName: "shop", recorder: store, environment: [:])
        let processor = try processor(
            endpoint: collector.endpoint, timeout: anHour,
            .init(scheduleDelay: .milliseconds(10), exportTimeout: anHour, maxQueueSize: 50, maxExportBatchSize: 1)
        )
        processor.attach(to: store)
        var router = Router()
        router.get("/checkout") { _, _ in
            let span = tracer.startSpan("GET /checkout", context: .topLevel, ofKind: .server)
            tracer.startSpan("charge", context: span.context, ofKind: .client).end()
            span.end()
            return Response(text: "paid")
        }
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), router: router)
        try server.start()
        let client = HTTPClient()
        for _ in 0..<200 {
            let request = ClientRequest(url: "http://127.0.0.1:\(server.port)/checkout", timeout: .seconds(10))
            #expect(try await client.execute(request).text == "paid")
        }
        _ = try await collector.requests(count: 1)
        let statistics = processor.statistics
        #expect(statistics.queuedSpans <= 50)
        // Every span is queued, dropped, or the one in the hanging request.
        #expect(statistics.queuedSpans + statistics.droppedSpans.queueFull + 1 == 400)
        #expect(statistics.exportedSpans == 0)

        await client.shutdown()
        await server.shutdown()
        collector.release()
        await processor.shutdown()
        #expect(processor.statistics.exportedSpans == 1 + statistics.queuedSpans)
        await collector.shutdown()
    }
}
