import Benchmark
import Spanscope
import SpanscopeOTLP
import W3CTraceContext

// Export throughput: one sample is one `OTLPExporter.export` of a full default batch
// (512 spans): encode, optionally gzip, POST over loopback to a sink that answers 200.
// `scripts/export-bench.sh` turns the exports per second into spans per second.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 10_000
    )

    // The encoding alone, to tell its cost from the POST's.
    Benchmark("OTLP encode \(ExportFixture.batchSize) spans, protobuf") { benchmark in
        let batch = ExportFixture.batch
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try OTLPProtobufEncoder().encode(spans: batch))
        }
    }
    Benchmark("OTLP encode \(ExportFixture.batchSize) spans, JSON") { benchmark in
        let batch = ExportFixture.batch
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(OTLPJSONEncoder().encode(spans: batch))
        }
    }

    for (protocolName, otlpProtocol) in [("protobuf", OTLPProtocol.httpProtobuf), ("JSON", .httpJSON)] {
        for compression in OTLPCompression.allCases {
            let name = "OTLP export \(ExportFixture.batchSize) spans, \(protocolName)\(compression == .gzip ? " + gzip" : "")"
            Benchmark(name) { benchmark in
                let exporter = try OTLPExporter(configuration: .init(
                    endpoint: LoopbackSink.shared.endpoint, protocol: otlpProtocol, compression: compression
                ))
                let batch = ExportFixture.batch
                // One export outside the measurement opens the keep-alive connection.
                _ = await exporter.export(batch)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    let result = await exporter.export(batch)
                    guard case .accepted = result.outcome else {
                        benchmark.error("export failed: \(result.outcome)")
                        return
                    }
                }
                benchmark.stopMeasurement()
                await exporter.shutdown()
            }
        }
    }
}

/// A collector stand-in that takes every request and answers 200 at once, on the loop thread.
final class LoopbackSink: Sendable {
    static let shared = LoopbackSink()

    private let server: HTTPServer

    private init() {
        var router = Router()
        router.post("/v1/traces") { _, _ in Response(status: .ok) }
        server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), router: router)
        do {
            try server.start()
        } catch {
            fatalError("the benchmark's sink cannot listen: \(error)")
        }
    }

    var endpoint: String { "http://127.0.0.1:\(server.port)/v1/traces" }
}

/// A batch as a web service produces it: HTTP server spans with the stable semantic
/// conventions' attributes, each with a database client child, every eighth with an event.
enum ExportFixture {
    static let batchSize = 512

    static let batch: [SpanRecord] = {
        let resource = Resource.detect(serviceName: "checkout", serviceVersion: "1.4.2", environment: [:])
        let start: UInt64 = 1_763_000_000_000_000_000
        return (0..<batchSize).map { index in
            let trace = UInt64(index / 2 + 1)
            let traceID = TraceID(bytes: unsafeBitCast((trace &* 0x9E37_79B9_7F4A_7C15, trace), to: TraceID.Bytes.self))
            let spanID = SpanID(bytes: unsafeBitCast(UInt64(index + 1).bigEndian, to: SpanID.Bytes.self))
            let begin = start + UInt64(index) * 1_000_000
            if index.isMultiple(of: 2) {
                return SpanRecord(
                    traceID: traceID, spanID: spanID, name: "GET /api/orders/:id", kind: .server,
                    startNanos: begin, endNanos: begin + 12_345_678,
                    attributes: [
                        Attribute("http.request.method", .string("GET")),
                        Attribute("url.path", .string("/api/orders/\(index)")),
                        Attribute("url.scheme", .string("http")),
                        Attribute("http.route", .string("/api/orders/:id")),
                        Attribute("http.response.status_code", .int(200)),
                        Attribute("server.address", .string("shop.internal")),
                        Attribute("server.port", .int(8080)),
                        Attribute("client.address", .string("10.0.3.\(index % 250)")),
                        Attribute("network.protocol.version", .string("1.1")),
                        Attribute("user_agent.original", .string("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36")),
                    ],
                    events: index.isMultiple(of: 8)
                        ? [SpanRecord.Event(name: "cache.miss", timeNanos: begin + 1_000, attributes: [Attribute("key", .string("order:\(index)"))])]
                        : [],
                    flags: TraceFlags(rawValue: 0x03), resource: resource
                )
            }
            return SpanRecord(
                traceID: traceID, spanID: spanID,
                parentSpanID: SpanID(bytes: unsafeBitCast(UInt64(index).bigEndian, to: SpanID.Bytes.self)),
                name: "SELECT orders", kind: .client, startNanos: begin + 2_000, endNanos: begin + 9_000_000,
                attributes: [
                    Attribute("db.system", .string("postgresql")),
                    Attribute("db.query.text", .string("SELECT * FROM orders WHERE id = $1")),
                    Attribute("server.address", .string("db.internal")),
                    Attribute("server.port", .int(5432)),
                ],
                resource: resource
            )
        }
    }()
}
