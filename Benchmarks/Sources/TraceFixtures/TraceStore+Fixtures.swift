public import Spanscope
public import W3CTraceContext

extension TraceStore.Configuration {
    /// Room for `count` completed traces, all kept as recent ones: a budget no fixture reaches,
    /// so that eviction is by count alone.
    ///
    /// ```swift
    /// let store = TraceStore(configuration: .holdingRecent(10_000))
    /// ```
    public static func holdingRecent(_ count: Int) -> TraceStore.Configuration {
        TraceStore.Configuration(memoryBudgetBytes: 1 << 30, recentTraces: count)
    }
}

extension TraceStore {
    /// Records `count` completed traces of three spans each (a server root and two database
    /// calls), over 8 services (`svc-0`...), durations of 1 to 97 ms and a `customer.tier` of
    /// gold, silver or bronze on the root: what the query benchmarks search and the trace UI lists.
    ///
    /// ```swift
    /// let store = TraceStore(configuration: .holdingRecent(10_000))
    /// store.recordQueryTraces(10_000)
    /// ```
    public func recordQueryTraces(_ count: Int) {
        let tiers = ["gold", "silver", "bronze"]
        for index in 0..<count {
            let traceID = FixtureID.trace(index)
            let resource = Resource(attributes: [Attribute("service.name", .string("svc-\(index % 8)"))])
            let start = 1_700_000_000_000_000_000 + UInt64(index) * 1_000_000
            let duration = UInt64(1 + index % 97) * 1_000_000
            let rootID = FixtureID.span(UInt64(index * 4 + 1))
            for child in 2...3 {
                record(SpanRecord(
                    traceID: traceID, spanID: FixtureID.span(UInt64(index * 4 + child)), parentSpanID: rootID,
                    name: "SELECT orders", kind: .client, startNanos: start + 1_000, endNanos: start + duration / 2,
                    attributes: [Attribute("db.system", .string("postgresql"))], resource: resource
                ))
            }
            record(SpanRecord(
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
    }

    /// Records one completed trace of `spanCount` spans, the store's default cap per trace: a
    /// server root and `spanCount - 1` database calls of 100 µs one after another (an N+1
    /// query), and returns its trace-id.
    ///
    /// ```swift
    /// store.pin(store.recordWideTrace(spanCount: 1_000))
    /// ```
    @discardableResult
    public func recordWideTrace(spanCount: Int) -> TraceID {
        let traceID = FixtureID.trace(0)
        let resource = Resource(attributes: [Attribute("service.name", .string("orders"))])
        let start: UInt64 = 1_700_000_000_000_000_000
        let call: UInt64 = 100_000
        let rootID = FixtureID.span(1)
        for child in 1..<UInt64(max(1, spanCount)) {
            record(SpanRecord(
                traceID: traceID, spanID: FixtureID.span(child + 1), parentSpanID: rootID,
                name: "SELECT order_lines", kind: .client,
                startNanos: start + child * call, endNanos: start + (child + 1) * call - 10_000,
                attributes: [
                    Attribute("db.system.name", .string("postgresql")),
                    Attribute("db.operation.name", .string("SELECT")),
                    Attribute("db.query.text", .string("SELECT * FROM order_lines WHERE id = $1")),
                    Attribute("server.address", .string("db.internal")),
                    Attribute("server.port", .int(5432)),
                ],
                resource: resource
            ))
        }
        record(SpanRecord(
            traceID: traceID, spanID: rootID, name: "GET /orders/{id}/lines", kind: .server,
            startNanos: start, endNanos: start + UInt64(max(1, spanCount) + 1) * call,
            attributes: [
                Attribute("http.request.method", .string("GET")),
                Attribute("http.route", .string("/orders/{id}/lines")),
                Attribute("http.response.status_code", .int(200)),
            ],
            resource: resource
        ))
        return traceID
    }
}

/// IDs for fixture spans.
public enum FixtureID {
    /// Random in its first half, so that traces spread over the store's shards as real ones
    /// do, and distinct by `index` in its second.
    ///
    /// ```swift
    /// let traceID = FixtureID.trace(index)
    /// ```
    public static func trace(_ index: Int) -> TraceID {
        var generator = SystemRandomNumberGenerator()
        return TraceID(bytes: unsafeBitCast((generator.next() as UInt64, UInt64(index + 1)), to: TraceID.Bytes.self))
    }

    /// A span-id of `value`, unique within a fixture trace.
    ///
    /// ```swift
    /// let rootID = FixtureID.span(1)
    /// ```
    public static func span(_ value: UInt64) -> SpanID {
        SpanID(bytes: unsafeBitCast(value, to: SpanID.Bytes.self))
    }
}
