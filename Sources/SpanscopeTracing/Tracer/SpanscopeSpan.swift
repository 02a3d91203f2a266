public import Tracing

/// A span of `SpanscopeTracer`. A value with reference semantics: copies are the same span.
///
/// A span the sampler dropped is non-recording: every change is ignored, but its context
/// still carries the trace so that it propagates (with the sampled flag off). Under a
/// local, unsampled, non-recording parent its context is the parent's own (see
/// `SpanscopeTracer.startSpan`).
///
/// ```swift
/// let span = tracer.startSpan("GET /users/{id}", ofKind: .server)
/// span.attributes["http.response.status_code"] = 200
/// span.end()
/// ```
public struct SpanscopeSpan: Span {
    /// The context the span was started in, which `context` extends with `entry`.
    private let startContext: InstrumentationContext
    /// Where the span context is: the span's storage, or a plain context, maybe the parent's.
    let entry: SpanContextEntry
    /// True when `startContext` already holds `entry`: `context` is then `startContext` as is.
    private let startContextHoldsEntry: Bool
    /// The name of a non-recording span, which has no storage to keep it in.
    private let nonRecordingName: String

    /// The span whose span context is `entry`, started in `context`. `contextHoldsEntry`
    /// when `context` is already the span's own: an active span looked up by its context,
    /// or a non-recording span sharing its parent's span context. Only a non-recording
    /// span, which has no storage, is given a `nonRecordingName`.
    init(
        _ entry: SpanContextEntry,
        startedIn context: InstrumentationContext,
        contextHoldsEntry: Bool = false,
        nonRecordingName: String = ""
    ) {
        self.startContext = context
        self.entry = entry
        self.startContextHoldsEntry = contextHoldsEntry
        self.nonRecordingName = nonRecordingName
    }

    /// The context the span was started in, with this span as the current span: start a
    /// child from it, bind it as `ServiceContext.current`, or inject it.
    ///
    /// Made when read, not at start: a context is a copy-on-write dictionary, and a span
    /// whose context is never read (a leaf span, most of them) never pays for the copy.
    /// Every read gives an equal context.
    ///
    /// ```swift
    /// let span = tracer.startSpan("GET /orders", context: .topLevel, ofKind: .server)
    /// try ServiceContext.withValue(span.context) { try handle(request) }
    /// ```
    public var context: InstrumentationContext {
        guard !startContextHoldsEntry else { return startContext }
        var context = startContext
        context.spanContextEntry = entry
        return context
    }

    /// The span's IDs, flags and trace state.
    public var spanContext: SpanContext { entry.spanContext }

    private var storage: SpanStorage? {
        guard case .recording(let storage) = entry else { return nil }
        return storage
    }

    public var operationName: String {
        get { storage?.operationName ?? nonRecordingName }
        nonmutating set { storage?.operationName = newValue }
    }

    /// The protocol's view of the attributes, edited in place and converted to the typed
    /// ones once, at `end`: correct, but slower than `setAttribute(_:_:)` (Tracing boxes each value).
    /// Reads back `.int64` for any integer and `.string` for a description.
    public var attributes: SpanAttributes {
        get { storage?.attributes ?? [:] }
        nonmutating set { storage?.setAttributes(newValue) }
        nonmutating _modify {
            guard let storage else {
                var discarded = SpanAttributes.empty
                yield &discarded
                return
            }
            let fields = storage.beginGenericChange()
            defer { storage.endGenericChange() }
            yield &fields.pointee.state.genericAttributes!
        }
    }

    /// Sets one attribute without going through `SpanAttributes`: no boxing and no
    /// conversion when the span ends, for instrumentation that knows its types. Replaces
    /// the value under the same key; a new key beyond the count limit is dropped (and
    /// counted), and strings are cut to the length limit. Ignored once the span ended or
    /// when it is not recording.
    ///
    /// ```swift
    /// let span = tracer.startSpan("SELECT orders", context: context, ofKind: .client)
    /// span.setAttribute("db.system", .string("postgresql"))
    /// span.setAttribute("db.response.returned_rows", .int(12))
    /// span.end()
    /// ```
    public func setAttribute(_ key: String, _ value: AttributeValue) {
        storage?.setAttribute(key, value)
    }

    /// `setAttribute(_:_:)` for each of `attributes`, whose keys must be distinct, under
    /// one lock; a span without attributes yet keeps the array itself, with its capacity.
    /// For instrumentation that sets a known set of attributes at once, as the server
    /// middleware does for each request.
    ///
    /// ```swift
    /// var attributes: [Attribute] = []
    /// attributes.reserveCapacity(4)
    /// attributes.append(Attribute("db.system", .string("postgresql")))
    /// attributes.append(Attribute("db.operation.name", .string("SELECT")))
    /// span.setAttributes(distinct: attributes)
    /// ```
    package func setAttributes(distinct attributes: consuming [Attribute]) {
        storage?.setAttributes(distinct: attributes)
    }

    /// True from start to end of a span the sampler chose to record.
    public var isRecording: Bool {
        guard let storage else { return false }
        return !storage.isEnded
    }

    public func setStatus(_ status: SpanStatus) {
        storage?.setStatus(status)
    }

    public func addEvent(_ event: SpanEvent) {
        storage?.addEvent(event)
    }

    /// Adds an `exception` event with `exception.type` and `exception.message`. The status
    /// is left alone: an error that was handled need not fail the span.
    public func recordError<Instant: TracerInstant>(
        _ error: any Error,
        attributes: SpanAttributes,
        at instant: @autoclosure () -> Instant
    ) {
        storage?.recordError(error, attributes: attributes, atNanos: instant().nanosecondsSinceEpoch)
    }

    public func addLink(_ link: SpanLink) {
        storage?.addLink(link)
    }

    /// Takes effect once; later calls are ignored.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        storage?.end { $0.endNanos(requested: instant().nanosecondsSinceEpoch) }
    }

    /// Ends the span now. The same as `end(at: DefaultTracerClock.now)`, which generic code
    /// calls, but it reads only the monotonic clock: a span ended now lasts its start plus
    /// the monotonic time elapsed, so the wall clock has nothing to add.
    ///
    /// ```swift
    /// let span = tracer.startSpan("parse", context: .topLevel)
    /// span.end()
    /// ```
    public func end() {
        storage?.end { $0.endNanosNow() }
    }
}
