import Synchronization
import Tracing
import W3CTraceContext

@testable import SpanscopeTracing

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let nanos: Atomic<UInt64>

    init(start: UInt64 = 1_000_000_000) {
        nanos = Atomic(start)
    }

    var clock: NanosecondClock {
        NanosecondClock { self.nanos.load(ordering: .relaxed) }
    }

    func advance(by duration: Duration) {
        nanos.add(duration.saturatingNanoseconds, ordering: .relaxed)
    }
}

/// Trace-id `n`: the high word is `n`, the low word a scrambled `n`, so the ids
/// spread over shards and over probabilistic thresholds like random ids do.
func makeTraceID(_ n: UInt64) -> TraceID {
    var bytes = TraceID.null.bytes
    withUnsafeMutableBytes(of: &bytes) { raw in
        raw.storeBytes(of: n.bigEndian, toByteOffset: 0, as: UInt64.self)
        raw.storeBytes(of: ((n &+ 1) &* 0x9E37_79B9_7F4A_7C15).bigEndian, toByteOffset: 8, as: UInt64.self)
    }
    return TraceID(bytes: bytes)
}

func makeSpanID(_ n: UInt64) -> SpanID {
    var bytes = SpanID.null.bytes
    withUnsafeMutableBytes(of: &bytes) { raw in
        raw.storeBytes(of: (n &+ 1).bigEndian, toByteOffset: 0, as: UInt64.self)
    }
    return SpanID(bytes: bytes)
}

/// Wall-clock origin of test spans: 2024-01-01T00:00:00Z.
let epoch: UInt64 = 1_704_067_200_000_000_000

func makeSpan(
    trace: UInt64,
    span: UInt64,
    parent: UInt64? = nil,
    name: String = "GET /items",
    kind: SpanKind = .internal,
    startNanos: UInt64 = epoch,
    durationNanos: UInt64 = 1_000,
    attributes: [Attribute] = [],
    isError: Bool = false,
    ok: Bool = false,
    service: String = "shop"
) -> SpanRecord {
    SpanRecord(
        traceID: makeTraceID(trace),
        spanID: makeSpanID(span),
        parentSpanID: parent.map(makeSpanID),
        name: name,
        kind: kind,
        startNanos: startNanos,
        endNanos: startNanos + durationNanos,
        attributes: attributes,
        status: isError ? SpanStatus(code: .error, message: "failed") : (ok ? SpanStatus(code: .ok) : nil),
        resource: Resource(attributes: [Attribute("service.name", .string(service))])
    )
}

/// Records a whole trace: `children` child spans, then the root.
func recordTrace(
    _ store: TraceStore,
    _ n: UInt64,
    durationNanos: UInt64 = 1_000,
    isError: Bool = false,
    route: String = "/items",
    service: String = "shop",
    startNanos: UInt64 = epoch,
    children: Int = 0
) {
    for child in 0..<children {
        store.record(
            makeSpan(
                trace: n, span: UInt64(child + 1), parent: 0, name: "db.query", startNanos: startNanos,
                durationNanos: durationNanos / 2, service: service
            )
        )
    }
    store.record(
        makeSpan(
            trace: n, span: 0, name: "GET \(route)", kind: .server, startNanos: startNanos,
            durationNanos: durationNanos, attributes: [Attribute("http.route", .string(route))], isError: isError,
            service: service
        )
    )
}
