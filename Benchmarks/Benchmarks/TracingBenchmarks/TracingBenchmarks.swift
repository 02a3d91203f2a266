import Benchmark
import BenchmarkSupport
import Spanscope
import TraceFixtures
import Tracing
import W3CTraceContext

// The tracing hot paths, against the targets `scripts/tracing-bench.sh` checks. Each
// benchmark runs `scalingFactor` operations per sample, so the reported medians are per
// operation; setup that is not the operation (a parent span, a filled store) happens
// outside `startMeasurement()`/`stopMeasurement()`.
//
// Each span benchmark has one tracer and store for all its samples, as a service has for
// its lifetime: the store fills to its memory budget within the first samples, then evicts
// (outside the measured loop, where the parent completes its trace) and the spans reuse
// the memory of evicted ones. A store made afresh per sample is freed whole after each one,
// so every sample measured the kernel handing out fresh pages instead.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .perOperation

    // What Spanscope's own instrumentation does: the typed attribute API. The children start
    // from the request's context, read once, as the tracing middleware binds it for the
    // handler (a span's context is made when read, so reading it per child would add a
    // context copy per child that no request pays).
    Benchmark("Sampled child span + 5 attributes") { [tracer = SpanscopeTracer.bench()] benchmark in
        let parent = tracer.startSpan("parent", context: .topLevel, ofKind: .server)
        let requestContext = parent.context
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            let span = tracer.startSpan("child", context: requestContext, ofKind: .client)
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
    Benchmark("Sampled child span + 5 attributes (generic API)") { [tracer = SpanscopeTracer.bench()] benchmark in
        let parent = tracer.startSpan("parent", context: .topLevel, ofKind: .server)
        let requestContext = parent.context
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            let span = tracer.startSpan("child", context: requestContext, ofKind: .client)
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

    Benchmark("Root span") { [tracer = SpanscopeTracer.bench()] benchmark in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tracer.startSpan("GET /", context: .topLevel, ofKind: .server).end()
        }
    }

    // Every span below a request that head sampling left out: a child of a local span the
    // default parent-based sampler dropped (the server span of an unsampled request).
    Benchmark("Unsampled span") { [tracer = SpanscopeTracer.bench()] benchmark in
        var incoming = InstrumentationContext.topLevel
        tracer.extract(HeaderLines.unsampled, into: &incoming, using: HTTPHeadersExtractor())
        let requestContext = tracer.startSpan("GET /", context: incoming, ofKind: .server).context
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tracer.startSpan("child", context: requestContext, ofKind: .internal).end()
        }
    }

    // A root the sampler drops: it still gets IDs of its own, and its context an entry.
    Benchmark("Unsampled root span") { [tracer = SpanscopeTracer.bench(sampler: AlwaysOffSampler())] benchmark in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tracer.startSpan("GET /", context: .topLevel, ofKind: .server).end()
        }
    }

    Benchmark("Extract + inject (traceparent + tracestate)") { [tracer = SpanscopeTracer.bench()] benchmark in
        // An outgoing request's headers, as the traced client injects into them: each
        // inject replaces the lines of the one before, as on a retried request.
        // The loop measures nothing else: the headers are read once before it, and the
        // outgoing ones, which each inject rewrites, are handed to blackHole once after it.
        let incoming = HeaderLines.sampled
        var outgoing = HTTPHeaders()
        outgoing.reserveCapacity(2)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var context = InstrumentationContext.topLevel
            tracer.extract(incoming, into: &context, using: HTTPHeadersExtractor())
            tracer.inject(context, into: &outgoing, using: HTTPHeadersInjector())
        }
        benchmark.stopMeasurement()
        blackHole(outgoing)
    }

    propagationBudgetBenchmarks()
    storeBenchmarks()

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

extension SpanscopeTracer {
    /// A tracer recording into a store of the default memory budget, with room for the
    /// 1,000 children a sample gives one trace: no span is dropped, and completed traces
    /// are evicted once the budget is reached.
    static func bench(sampler: (any Sampler)? = nil) -> SpanscopeTracer {
        SpanscopeTracer(
            serviceName: "bench",
            recorder: TraceStore(configuration: TraceStore.Configuration(maxSpansPerTrace: 100_000)),
            sampler: sampler,
            environment: [:]
        )
    }
}

/// Incoming request headers as SpanscopeHTTP hands them to the tracing middleware.
enum HeaderLines {
    static let sampled = received([
        ("Host", "localhost:8080"),
        ("User-Agent", "curl/8.5.0"),
        ("Accept", "*/*"),
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
    ])
    static let unsampled = received([
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"),
    ])

    /// The fields as strings made at run time, as the server makes them from libevent's C
    /// strings: a value longer than 15 bytes is then a reference-counted heap string, which
    /// every copy retains, where a literal is immortal and its retains cost nothing.
    private static func received(_ fields: [(String, String)]) -> HTTPHeaders {
        HTTPHeaders(fields.map { name, value in
            (String(decoding: Array(name.utf8), as: UTF8.self), String(decoding: Array(value.utf8), as: UTF8.self))
        })
    }
}

/// A store holding 10,000 completed traces of three spans each, over 8 services.
enum QueryFixture {
    static let store: TraceStore = {
        let store = TraceStore(configuration: .holdingRecent(10_000))
        store.recordQueryTraces(10_000)
        return store
    }()
}

/// The store's own costs, apart from the tracer: spans are built before the measurement, as
/// the tracer hands them over.
func storeBenchmarks() {
    // What completing one request's trace costs: the server span (its parent remote, as
    // behind a gateway or another service) with the ten attributes the tracing middleware
    // sets, after one child. The store is the default one, kept for all samples: it fills
    // its rings and budget within the first samples and evicts from then on, as a service's does.
    Benchmark("Root span + 10 attributes, one child, into the store") { [store = TraceStore()] benchmark in
        var requests = StoreFixture.requests(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        // popLast moves the spans out, so the loop copies none.
        while let (child, root) = requests.popLast() {
            store.record(child)
            store.record(root)
        }
        benchmark.stopMeasurement()
    }
}

/// Spans as a traced service's requests leave them.
enum StoreFixture {
    static let resource = Resource(attributes: [Attribute("service.name", .string("bench"))])

    /// `count` traces of a server span with ten attributes and one client child, on four routes
    /// and over three latency decades, so every retention set sees traffic.
    static func requests(_ count: Int) -> [(child: SpanRecord, root: SpanRecord)] {
        let routes = ["/", "/orders/{id}", "/cart", "/users/{id}"]
        return (0..<count).map { index in
            let traceID = FixtureID.trace(index)
            let (remoteParent, rootID, childID) = (FixtureID.span(1), FixtureID.span(2), FixtureID.span(3))
            let start = 1_700_000_000_000_000_000 + UInt64(index) * 1_000_000
            let duration = UInt64(5 + index % 7) * [1_000, 100_000, 10_000_000][index % 3]
            let route = routes[index % routes.count]
            let child = SpanRecord(
                traceID: traceID, spanID: childID, parentSpanID: rootID, name: "SELECT orders", kind: .client,
                startNanos: start + 1_000, endNanos: start + duration / 2,
                attributes: [Attribute("db.system.name", .string("postgresql"))], resource: resource
            )
            let root = SpanRecord(
                traceID: traceID, spanID: rootID, parentSpanID: remoteParent, parentIsRemote: true,
                name: "GET \(route)", kind: .server, startNanos: start, endNanos: start + duration,
                attributes: [
                    Attribute("http.request.method", .string("GET")),
                    Attribute("url.path", .string("/orders/42")),
                    Attribute("url.scheme", .string("http")),
                    Attribute("http.route", .string(route)),
                    Attribute("http.response.status_code", .int(index % 50 == 0 ? 500 : 200)),
                    Attribute("server.address", .string("localhost")),
                    Attribute("server.port", .int(8080)),
                    Attribute("network.protocol.version", .string("1.1")),
                    Attribute("client.address", .string("127.0.0.1")),
                    Attribute("user_agent.original", .string("wrk/4.2.0")),
                ],
                status: index % 50 == 0 ? SpanStatus(code: .error) : nil,
                resource: resource
            )
            return (child, root)
        }
    }
}
