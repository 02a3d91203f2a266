import Foundation
import InMemoryLogging
import Logging
import Spanscope
import SpanscopeOTLP
import SpanscopeTestSupport
import Testing
import Tracing

/// A processor sending to `collector` with a retry policy short enough for tests.
private func processor(
    for collector: CollectorStandIn,
    _ configuration: BatchSpanProcessor.Configuration,
    logger: Logger = OTLPExporter.defaultLogger
) throws -> BatchSpanProcessor {
    var exporterConfiguration = OTLPExporter.Configuration(endpoint: collector.endpoint)
    exporterConfiguration.retry = OTLPExporter.RetryPolicy(initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50))
    return BatchSpanProcessor(exporter: try OTLPExporter(configuration: exporterConfiguration), configuration: configuration, logger: logger)
}

@Suite struct OTLPExporterBatchTests {
    private let anHour = Duration.seconds(3600)

    @Test func aFullBatchGoesWithoutWaitingForTheDelay() async throws {
        let collector = try CollectorStandIn()
        let processor = try processor(for: collector, .init(scheduleDelay: anHour, maxQueueSize: 100, maxExportBatchSize: 4))
        processor.enqueue(OTLPFixture.numbered(4))
        let requests = try await collector.requests(count: 1)
        #expect(try requests[0].spanNames() == ["span 0", "span 1", "span 2", "span 3"])
        await processor.shutdown()
        await collector.shutdown()
    }

    @Test func theScheduleDelaySendsAPartialBatch() async throws {
        let collector = try CollectorStandIn()
        let processor = try processor(for: collector, .init(scheduleDelay: .milliseconds(50)))
        processor.enqueue(OTLPFixture.numbered(3))
        let requests = try await collector.requests(count: 1)
        #expect(try requests[0].spanNames() == ["span 0", "span 1", "span 2"])
        await processor.shutdown()
        await collector.shutdown()
    }

    @Test func batchesNeverExceedTheBatchSizeAndFlushSendsTheRest() async throws {
        let collector = try CollectorStandIn()
        let processor = try processor(for: collector, .init(scheduleDelay: anHour, maxQueueSize: 100, maxExportBatchSize: 4))
        processor.enqueue(OTLPFixture.numbered(10))
        await processor.forceFlush()
        // forceFlush returns once the spans queued before it are exported: no waiting here.
        let batches = try collector.requests.map { try $0.spanNames() }
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches.flatMap { $0 } == OTLPFixture.numbered(10).map(\.name), "in the order they were queued")
        #expect(processor.statistics.exportedSpans == 10)
        #expect(processor.statistics.successfulExports == 3)
        await processor.forceFlush() // nothing queued: returns at once
        await processor.shutdown()
        await collector.shutdown()
    }

    @Test func shutdownFlushesAndCountsLaterSpans() async throws {
        let collector = try CollectorStandIn()
        let processor = try processor(for: collector, .init(scheduleDelay: anHour))
        processor.enqueue(OTLPFixture.numbered(3))
        await processor.shutdown()
        #expect(try collector.requests.flatMap { try $0.spanNames() } == ["span 0", "span 1", "span 2"])
        processor.enqueue(OTLPFixture.numbered(2))
        #expect(processor.statistics.droppedSpans.afterShutdown == 2)
        #expect(processor.statistics.queuedSpans == 0)
        await processor.shutdown() // a second call returns too
        await collector.shutdown()
    }

    @Test func completedTracesOfAnAttachedStoreAreExported() async throws {
        let collector = try CollectorStandIn()
        let store = TraceStore()
        let tracer = SpanscopeTracer(serviceName: "checkout", recorder: store, environment: [:])
        let processor = try processor(for: collector, .init(scheduleDelay: anHour))
        processor.attach(to: store)
        let root = tracer.startSpan("GET /orders", context: .topLevel, ofKind: .server)
        let child = tracer.startSpan("SELECT", context: root.context, ofKind: .client)
        child.end()
        root.end()
        await processor.forceFlush()
        let request = try #require(collector.requests.first)
        let message = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(serializedBytes: request.body)
        let spans = message.resourceSpans.flatMap { $0.scopeSpans.flatMap(\.spans) }
        #expect(spans.map(\.name) == ["SELECT", "GET /orders"])
        #expect(spans[0].parentSpanID == spans[1].spanID)
        #expect(spans[0].traceID == spans[1].traceID)
        #expect(message.resourceSpans.first?.resource.attributes.first { $0.key == "service.name" }?.value.stringValue == "checkout")

        await processor.shutdown()
        tracer.startSpan("after shutdown", context: .topLevel).end()
        #expect(collector.requests.count == 1, "detached from the store")
        #expect(processor.statistics.droppedSpans.afterShutdown == 0, "nothing was handed over after shutdown")
        await collector.shutdown()
    }

    /// A hub that exports onward forwards what its receiver took in, each span under its sender's
    /// resource and scope, each once: the database's part, which arrives after the checkout's part
    /// completed the trace, goes out as a late part.
    @Test func anAttachedStoreForwardsWhatItsReceiverTookIn() async throws {
        let collector = try CollectorStandIn()
        let hub = try ReceiverHub.start()
        let processor = try processor(for: collector, .init(scheduleDelay: anHour))
        processor.attach(to: hub.store)
        let sender = try OTLPExporter(configuration: .init(endpoint: hub.url))
        let trace = OTLPFixture.spans.filter { $0.traceID == OTLPFixture.traceID }
        let checkoutPart = trace.filter { $0.resource == OTLPFixture.checkout }
        let databasePart = trace.filter { $0.resource == OTLPFixture.database }
        #expect(await sender.export(checkoutPart).outcome == .accepted(rejectedSpans: 0, message: ""))
        #expect(await sender.export(databasePart).outcome == .accepted(rejectedSpans: 0, message: ""))
        await processor.forceFlush()

        let forwarded = try collector.requests.flatMap { try OTLPProtobufDecoder().decodeRequest($0.body).spans }
        #expect(forwarded.count == trace.count, "each span once")
        #expect(Set(forwarded.map(\.spanID)) == Set(trace.map(\.spanID)))
        for original in trace {
            let span = try #require(forwarded.first { $0.spanID == original.spanID })
            #expect(span.resource == original.resource, "\(original.name)")
            #expect(span.scope == original.scope, "\(original.name)")
        }
        #expect(forwarded.contains { $0.scope == OTLPFixture.driver })
        let held = try #require(hub.store.trace(id: OTLPFixture.traceID))
        #expect(Set(held.spans.map(\.spanID)) == Set(trace.map(\.spanID)), "the late part is in the store too")

        await sender.shutdown()
        await processor.shutdown()
        await hub.shutdown()
        await collector.shutdown()
    }

    @Test func aPartialSuccessIsCountedAndLogged() async throws {
        var response = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
        response.partialSuccess.rejectedSpans = 2
        response.partialSuccess.errorMessage = "name too long"
        let collector = try CollectorStandIn(then: .status(.ok, headers: ["Content-Type": "application/x-protobuf"], body: try response.serializedBytes()))
        let warnings = InMemoryLogHandler()
        let processor = try processor(for: collector, .init(scheduleDelay: anHour), logger: warnings.logger)
        processor.enqueue(OTLPFixture.numbered(5))
        await processor.forceFlush()
        let statistics = processor.statistics
        #expect(statistics.successfulExports == 1)
        #expect(statistics.exportedSpans == 3)
        #expect(statistics.partialSuccesses == 1)
        #expect(statistics.droppedSpans.rejectedByCollector == 2)
        #expect(statistics.lastError == "the collector rejected 2 of 5 spans: name too long")
        #expect(statistics.lastErrorTime != nil)
        #expect(warnings.warnings == ["the collector rejected 2 of 5 spans: name too long"])
        await processor.shutdown()
        await collector.shutdown()
    }

    /// What `/debug/traces/stats` serves.
    @Test func statisticsEncodeAsJSON() throws {
        var statistics = OTLPExportStatistics(maxQueueSize: 2048)
        statistics.droppedSpans.queueFull = 7
        statistics.lastError = "exporting 3 spans failed: connection refused by 127.0.0.1:4318"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(statistics), as: UTF8.self)
        #expect(json.contains(#""droppedSpans":{"afterShutdown":0,"failed":0,"queueFull":7,"refused":0,"rejectedByCollector":0}"#))
        #expect(json.contains(#""maxQueueSize":2048"#))
        #expect(json.contains(#""lastError":"exporting 3 spans failed: connection refused by 127.0.0.1:4318""#))
        #expect(try JSONDecoder().decode(OTLPExportStatistics.self, from: Data(json.utf8)) == statistics)
    }
}
