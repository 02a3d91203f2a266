public import Logging
public import Tracing
import W3CTraceContext

/// The tracer: starts spans, samples them at their start, and hands every sampled span to
/// a `SpanRecorder` when it ends. Implements swift-distributed-tracing's `Tracer`, so every
/// library instrumented with that API reports here.
///
/// Settings not given in code come from the OpenTelemetry environment variables
/// (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`,
/// `OTEL_TRACES_SAMPLER_ARG`, `OTEL_*_LIMIT`), read once, here.
///
/// ```swift
/// let tracer = SpanscopeTracer(serviceName: "orders", recorder: store)
/// InstrumentationSystem.bootstrap(tracer)
/// try await withSpan("load order") { span in
///     span.attributes["order.id"] = orderID
/// }
/// ```
public final class SpanscopeTracer: Tracer {
    public typealias Span = SpanscopeSpan

    /// Attached to every span this tracer records.
    public let resource: Resource
    public let sampler: any Sampler
    public let limits: SpanLimits
    let recorder: any SpanRecorder
    /// What `sampler` answers without being asked, where its type tells.
    private let fixedDecisions: FixedSamplingDecisions

    /// - Parameters:
    ///   - serviceName: `service.name`; nil reads `OTEL_SERVICE_NAME`, then `OTEL_RESOURCE_ATTRIBUTES`.
    ///   - serviceVersion: `service.version`, when given.
    ///   - recorder: receives every sampled span when it ends.
    ///   - sampler: nil reads `OTEL_TRACES_SAMPLER`, by default `parentbased_always_on`.
    ///   - limits: nil reads the `OTEL_*_LIMIT` variables.
    ///   - environment: where the `OTEL_*` variables are read; the process environment by default.
    ///   - logger: warns about environment values that cannot be used.
    public init(
        serviceName: String? = nil,
        serviceVersion: String? = nil,
        recorder: any SpanRecorder,
        sampler: (any Sampler)? = nil,
        limits: SpanLimits? = nil,
        environment: [String: String] = SpanscopeTracer.processEnvironment,
        logger: Logger = SpanscopeTracer.defaultLogger
    ) {
        self.resource = Resource.detect(
            serviceName: serviceName,
            serviceVersion: serviceVersion,
            environment: environment,
            logger: logger
        )
        self.recorder = recorder
        let sampler = sampler ?? Self.sampler(environment: environment, logger: logger)
        self.sampler = sampler
        self.fixedDecisions = FixedSamplingDecisions(of: sampler)
        self.limits = limits ?? SpanLimits(environment: environment, logger: logger)
    }

    /// Starts a span as the child of the span context in `context`, or as the root of a new
    /// trace (with the W3C random flag) when there is none.
    ///
    /// A span the sampler drops gets its own span-id, except under a local parent that is
    /// neither sampled nor recording (every span below a request that head sampling left
    /// out): it then shares the parent's span context as is, and its `context` is the one
    /// it was started from. Nothing records either span, and W3C asks no fresh span-id of a
    /// span that is not recorded, so propagation still carries the trace, sampled flag off,
    /// with the parent's span-id; the span costs no ID, no clock read and no allocation.
    /// A span under a remote parent (a server span) or without a parent always gets its own
    /// span-id, which `traceresponse` names.
    ///
    /// The new span's `context` (this one with the span as current) is made when it is read,
    /// not here: a span whose context nobody reads costs no context copy.
    ///
    /// ```swift
    /// let request = tracer.startSpan("GET /", context: extracted, ofKind: .server) // dropped
    /// let query = tracer.startSpan("SELECT", context: request.context, ofKind: .client)
    /// query.context.spanContext == request.context.spanContext // true
    /// ```
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> InstrumentationContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> SpanscopeSpan {
        let context = context()
        let parentEntry = context.spanContextEntry
        let fixedDecision = fixedDecisions.decision(parent: parentEntry)
        // Checked before anything is copied or generated: every span below an unsampled
        // request comes this way.
        if fixedDecision == .drop, let shared = parentEntry?.localUnsampledBox {
            return SpanscopeSpan(.plain(shared), startedIn: context, contextHoldsEntry: true, nonRecordingName: operationName)
        }
        let parent = parentEntry?.spanContext
        let traceID = parent?.traceID ?? IDGenerator.nextTraceID()
        let decision =
            fixedDecision
            ?? sampler.shouldSample(
                SamplingParameters(parent: parent, traceID: traceID, operationName: operationName, kind: kind)
            )
        if decision == .drop, let shared = parentEntry?.localUnsampledBox {
            return SpanscopeSpan(.plain(shared), startedIn: context, contextHoldsEntry: true, nonRecordingName: operationName)
        }
        let inheritedFlags = parent.map { $0.flags.intersection(.randomTraceID) } ?? .randomTraceID
        let spanContext = SpanContext(
            traceID: traceID,
            spanID: IDGenerator.nextSpanID(),
            flags: decision == .recordAndSample ? inheritedFlags.union(.sampledBit) : inheritedFlags,
            traceStateValue: parent?.traceStateValue ?? .empty,
            isRemote: false
        )
        guard decision != .drop else {
            return SpanscopeSpan(.plain(SpanContextBox(spanContext)), startedIn: context, nonRecordingName: operationName)
        }
        let storage = SpanStorage.make(
            spanContext: spanContext,
            parent: parent,
            kind: kind,
            operationName: operationName,
            startNanos: instant().nanosecondsSinceEpoch,
            tracer: self
        )
        return SpanscopeSpan(.recording(storage), startedIn: context)
    }

    /// The span whose context `context` is (or was derived from), while it is recording.
    ///
    /// The span is found through the context itself, which refers to the span's storage:
    /// no lookup, no lock. A context that only carries the same IDs, set by hand through
    /// `spanContext` or extracted from a carrier, finds no span.
    ///
    /// ```swift
    /// let span = tracer.startSpan("load", context: .topLevel)
    /// tracer.activeSpan(identifiedBy: span.context)?.attributes["cache.hit"] = true
    /// ```
    public func activeSpan(identifiedBy context: InstrumentationContext) -> SpanscopeSpan? {
        guard case .recording(let storage)? = context.spanContextEntry, !storage.isEnded else { return nil }
        return SpanscopeSpan(.recording(storage), startedIn: context, contextHoldsEntry: true)
    }

    /// Spans reach the recorder as they end; the tracer buffers nothing, so there is
    /// nothing to flush here (the recorder's own exporters flush on their own terms).
    public func forceFlush() {}
}
