import Benchmark
import BenchmarkSupport
import Spanscope

// What the tracing middleware costs one request on the synchronous fast path, apart from
// the network: the same hello handler alone, through an unsampled server span, and through
// a recorded one (into a recorder that keeps nothing, alone and with the in-flight list, then
// into a store with the in-flight list, as bench-server --tracing on runs it). Per request; the response's written-handler
// is not run here (only a server runs it), so a recorded span ends when its response is
// released, which costs the same.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .perOperation

    Benchmark("Hello handler alone") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try HelloRequest.handler(HelloRequest.request, HelloRequest.context))
        }
    }

    middlewareBenchmark("unsampled", recorder: TraceStore(), sampler: AlwaysOffSampler())
    middlewareBenchmark("recorded, recorder keeps nothing", recorder: KeepNothing(), sampler: AlwaysOnSampler())
    middlewareBenchmark(
        "recorded, recorder keeps nothing, in-flight list",
        recorder: KeepNothing(),
        sampler: AlwaysOnSampler(),
        inFlight: InFlightRequests()
    )
    middlewareBenchmark(
        "recorded into a store, in-flight list",
        recorder: TraceStore(),
        sampler: AlwaysOnSampler(),
        inFlight: InFlightRequests()
    )
}

/// The hello request through a `TracingMiddleware` of its own, once per operation.
func middlewareBenchmark(
    _ name: String,
    recorder: any SpanRecorder,
    sampler: any Sampler,
    inFlight: InFlightRequests? = nil
) {
    let middleware = TracingMiddleware(tracer: HelloRequest.tracer(recorder: recorder, sampler: sampler), inFlight: inFlight)
    Benchmark("Hello through TracingMiddleware, \(name)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try middleware.handle(HelloRequest.request, context: HelloRequest.context, next: HelloRequest.handler))
        }
    }
}

/// `GET /hello` as wrk sends it, routed, and its handler.
enum HelloRequest {
    static let request = Request(
        method: .get,
        uri: "/hello",
        headers: ["Host": "127.0.0.1:18081"],
        remoteAddress: "127.0.0.1",
        remotePort: 51234
    )
    static let context = RequestContext(route: "/hello", serverHost: "127.0.0.1", serverPort: 18081)
    static let handler: @Sendable (Request, RequestContext) throws -> Response = { _, _ in Response(text: "hello") }

    static func tracer(recorder: any SpanRecorder, sampler: any Sampler) -> SpanscopeTracer {
        SpanscopeTracer(serviceName: "bench", recorder: recorder, sampler: ParentBasedSampler(root: sampler), environment: [:])
    }
}

/// Takes every span and keeps none: the span's own cost without the store's.
struct KeepNothing: SpanRecorder {
    func record(_ span: SpanRecord) {}
}
