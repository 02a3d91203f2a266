import Benchmark
import Spanscope
import Tracing
import W3CTraceContext

// The tracing hot paths, against the targets `scripts/tracing-bench.sh` checks. Each
// benchmark runs `scalingFactor` operations per sample, so the reported medians are per
// operation; setup that is not the operation (a parent span, a filled store) happens
// outside `startMeasurement()`/`stopMeasurement()`.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .nanoseconds,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    // What Spanscope's own instrumentation does: the typed attribute API.
    Benchmark("Sampled child span + 5 attributes") { benchmark in
        let tracer = SpanscopeTracer(serviceName: "bench", recorder: TraceStore(configuration: .bench), environment: [:])
        let parent = tracer.startSpan("parent", context: .topLevel, ofKind: .server)
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            let span = tracer.startSpan("child", context: parent.context, ofKind: .client)
            span.setAttribute("db.system", .string("postgresql"))
            span.setAttribute("db.operation", .string("SELECT"))
            span.setAttribute("db.rows", .int(Int64(index)))
            span.setAttribute("net.peer.port", .int(5432))
            span.setAttribute("cache.hit", .bool(false))
            span.end()
        }
        benchmark.stopMeasurement()
        parent.end()
    }

    // What a library instrumented with swift-distributed-tracing alone does.
    Benchmark("Sampled child span + 5 attributes (generic API)") { benchmark in
        let tracer = SpanscopeTracer(serviceName: "bench", recorder: TraceStore(configuration: .bench), environment: [:])
        let parent = tracer.startSpan("parent", context: .topLevel, ofKind: .server)
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            let span = tracer.startSpan("child", context: parent.context, ofKind: .client)
            span.attributes["db.system"] = "postgresql"
            span.attributes["db.operation"] = "SELECT"
            span.attributes["db.rows"] = index
            span.attributes["net.peer.port"] = 5432
            span.attributes["cache.hit"] = false
            span.end()
        }
        benchmark.stopMeasurement()
        parent.end()
    }

    Benchmark("Root span") { benchmark in
        let tracer = SpanscopeTracer(serviceName: "bench", recorder: TraceStore(configuration: .bench), environment: [:])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tracer.startSpan("GET /", context: .topLevel, ofKind: .server).end()
        }
    }

    // Every span below a request that head sampling left out: a child of a local span the
    // default parent-based sampler dropped (the server span of an unsampled request).
    Benchmark("Unsampled span") { benchmark in
        let tracer = SpanscopeTracer(serviceName: "bench", recorder: TraceStore(configuration: .bench), environment: [:])
        var incoming = InstrumentationContext.topLevel
        tracer.extract(HeaderLines.unsampled, into: &incoming, using: HeaderLinesExtractor())
        let request = tracer.startSpan("GET /", context: incoming, ofKind: .server)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tracer.startSpan("child", context: request.context, ofKind: .internal).end()
        }
    }

    // A root the sampler drops: it still gets IDs of its own, and its context an entry.
    Benchmark("Unsampled root span") { benchmark in
        let tracer = SpanscopeTracer(
            serviceName: "bench",
            recorder: TraceStore(configuration: .bench),
            sampler: AlwaysOffSampler(),
            environment: [:]
        )
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tracer.startSpan("GET /", context: .topLevel, ofKind: .server).end()
        }
    }

    Benchmark("Extract + inject (traceparent + tracestate)") { benchmark in
        let tracer = SpanscopeTracer(serviceName: "bench", recorder: TraceStore(configuration: .bench), environment: [:])
        var outgoing: [(String, String)] = []
        outgoing.reserveCapacity(4)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var context = InstrumentationContext.topLevel
            tracer.extract(HeaderLines.sampled, into: &context, using: HeaderLinesExtractor())
            outgoing.removeAll(keepingCapacity: true)
            tracer.inject(context, into: &outgoing, using: HeaderLinesInjector())
            blackHole(outgoing)
        }
    }

    Benchmark(
        "Query 10k traces (service + minDuration + attribute)",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 1_000)
    ) { benchmark in
        let store = QueryFixture.store
        let query = TraceQuery(
            service: "svc-3",
            minDuration: .milliseconds(40),
            attributes: [Attribute("customer.tier", .string("gold"))],
            limit: 20
        )
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(store.query(query))
        }
    }
}

extension TraceStore.Configuration {
    /// Room for every span a benchmark sample records, so no path drops spans.
    static var bench: TraceStore.Configuration {
        TraceStore.Configuration(memoryBudgetBytes: 1 << 30, recentTraces: 10_000, maxSpansPerTrace: 100_000)
    }
}

/// Incoming request headers as a server sees them: a list of (name, value) lines.
enum HeaderLines {
    static let sampled: [(String, String)] = [
        ("Host", "localhost:8080"),
        ("User-Agent", "curl/8.5.0"),
        ("Accept", "*/*"),
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
    ]
    static let unsampled: [(String, String)] = [
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"),
    ]
}

/// Finds a header by name in any ASCII case, joining repeated lines with "," as
/// `SpanscopeTracer.extract` asks of extractors; no string is made for a single line.
struct HeaderLinesExtractor: Extractor {
    func extract(key: String, from carrier: [(String, String)]) -> String? {
        var found: String?
        for (name, value) in carrier where Self.equalsIgnoringASCIICase(name, key) {
            found = found.map { $0 + "," + value } ?? value
        }
        return found
    }

    private static func equalsIgnoringASCIICase(_ name: String, _ key: String) -> Bool {
        name.utf8.count == key.utf8.count
            && zip(name.utf8, key.utf8).allSatisfy { $0 == $1 || ($0 | 0x20) == $1 && $1 >= 0x61 && $1 <= 0x7A }
    }
}

struct HeaderLinesInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [(String, String)]) {
        carrier.append((key, value))
    }
}

/// A store holding 10,000 completed traces of three spans each, over 8 services.
enum QueryFixture {
    static let store: TraceStore = {
        let store = TraceStore(configuration: .bench)
        let tiers = ["gold", "silver", "bronze"]
        var generator = SystemRandomNumberGenerator()
        for index in 0..<10_000 {
            let traceID = TraceID(bytes: unsafeBitCast((generator.next() as UInt64, UInt64(index + 1)), to: TraceID.Bytes.self))
            let resource = Resource(attributes: [Attribute("service.name", .string("svc-\(index % 8)"))])
            let start = 1_700_000_000_000_000_000 + UInt64(index) * 1_000_000
            let duration = UInt64(1 + index % 97) * 1_000_000
            let rootID = SpanID(bytes: unsafeBitCast(UInt64(index * 4 + 1), to: SpanID.Bytes.self))
            for child in 2...3 {
                let childID = SpanID(bytes: unsafeBitCast(UInt64(index * 4 + child), to: SpanID.Bytes.self))
                store.record(SpanRecord(
                    traceID: traceID, spanID: childID, parentSpanID: rootID, name: "SELECT orders", kind: .client,
                    startNanos: start + 1_000, endNanos: start + duration / 2,
                    attributes: [Attribute("db.system", .string("postgresql"))], resource: resource
                ))
            }
            store.record(SpanRecord(
                traceID: traceID, spanID: rootID, name: "GET /orders/{id}", kind: .server,
                startNanos: start, endNanos: start + duration,
                attributes: [
                    Attribute("http.route", .string("/orders/{id}")),
                    Attribute("http.response.status_code", .int(200)),
                    Attribute("customer.tier", .string(tiers[index % 3])),
                ],
                resource: resource
            ))
        }
        return store
    }()
}
