import Benchmark
import Spanscope
import Tracing

// What "Extract + inject" costs before any W3C work, so that each run shows how much of
// its time Spanscope's parsing, validation and formatting take, and how much is left to
// the context API, the headers and the allocations that any tracer pays. Same headers,
// same loop; neither is a tracer.
func propagationBudgetBenchmarks() {
    // One context write of a fresh reference, one read, and the context's free: what
    // every `Tracer.extract` that finds a parent and every `inject` must do through
    // swift-distributed-tracing's `InstrumentationContext`.
    Benchmark("Extract + inject budget: context write, read, free") { benchmark in
        var sink = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var context = InstrumentationContext.topLevel
            context[RawHeadersKey.self] = RawHeaders(traceParent: "", traceState: nil)
            sink &+= context[RawHeadersKey.self]!.traceState == nil ? 1 : 0
        }
        benchmark.stopMeasurement()
        blackHole(sink)
    }

    // The context calls above, both header reads, the three allocations of "Extract +
    // inject" (the context's storage, one box, a fresh 55-byte traceparent) and both header
    // writes, with no parsing, no validation and no hex formatting.
    Benchmark("Extract + inject budget: headers and allocations, no W3C work") { benchmark in
        let incoming = HeaderLines.sampled
        var outgoing = HTTPHeaders()
        outgoing.reserveCapacity(2)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var context = InstrumentationContext.topLevel
            guard let traceParent = HTTPHeadersExtractor().extract(key: "traceparent", from: incoming) else { continue }
            let traceState = HTTPHeadersExtractor().extract(key: "tracestate", from: incoming)
            context[RawHeadersKey.self] = RawHeaders(traceParent: traceParent, traceState: traceState)
            guard let headers = context[RawHeadersKey.self] else { continue }
            var source = headers.traceParent
            let copy = source.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count) { $0.initialize(fromContentsOf: bytes) }
            }
            HTTPHeadersInjector().inject(copy, forKey: "traceparent", into: &outgoing)
            if let traceState = headers.traceState {
                HTTPHeadersInjector().inject(traceState, forKey: "tracestate", into: &outgoing)
            }
        }
        benchmark.stopMeasurement()
        blackHole(outgoing)
    }
}

/// The header values as read, boxed as Spanscope boxes a remote parent's span context.
private final class RawHeaders: Sendable {
    let traceParent: String
    let traceState: String?

    init(traceParent: String, traceState: String?) {
        self.traceParent = traceParent
        self.traceState = traceState
    }
}

private enum RawHeadersKey: InstrumentationContextKey {
    typealias Value = RawHeaders
}
