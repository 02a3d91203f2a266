public import Tracing
public import W3CTraceContext

/// A finished span as the store, the analysis and the encoders see it.
///
/// Immutable once recorded and cheap to share: readers hold copies while the
/// store evicts. Times are nanoseconds since the Unix epoch; `endNanos` is the
/// wall-clock start plus a monotonic duration, so a clock step during a span
/// never makes it negative.
///
/// ```swift
/// let span: SpanRecord = trace.spans[0]
/// print(span.name, span.durationNanos, span.attributes[key: "http.route"] ?? "-")
/// ```
public struct SpanRecord: Sendable {
    public var traceID: TraceID
    public var spanID: SpanID
    /// The parent's span-id; nil for a root.
    public var parentSpanID: SpanID?
    /// True when the parent came from another process (extracted from a carrier):
    /// such a span is a local root of its trace.
    public var parentIsRemote: Bool
    public var name: String
    public var kind: SpanKind
    public var startNanos: UInt64
    public var endNanos: UInt64
    public var attributes: [Attribute]
    public var events: [Event]
    public var links: [Link]
    /// Unset when nil.
    public var status: SpanStatus?
    public var flags: TraceFlags
    public var traceState: TraceState
    public var resource: Resource
    /// The library that made the span; empty for this process's own spans.
    public var scope: InstrumentationScope
    public var droppedAttributeCount: Int
    public var droppedEventCount: Int
    public var droppedLinkCount: Int

    public init(
        traceID: TraceID,
        spanID: SpanID,
        parentSpanID: SpanID? = nil,
        parentIsRemote: Bool = false,
        name: String,
        kind: SpanKind = .internal,
        startNanos: UInt64,
        endNanos: UInt64,
        attributes: [Attribute] = [],
        events: [Event] = [],
        links: [Link] = [],
        status: SpanStatus? = nil,
        flags: TraceFlags = .sampled,
        traceState: TraceState = TraceState(),
        resource: Resource = Resource(),
        scope: InstrumentationScope = InstrumentationScope(),
        droppedAttributeCount: Int = 0,
        droppedEventCount: Int = 0,
        droppedLinkCount: Int = 0
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.parentIsRemote = parentIsRemote
        self.name = name
        self.kind = kind
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.attributes = attributes
        self.events = events
        self.links = links
        self.status = status
        self.flags = flags
        self.traceState = traceState
        self.resource = resource
        self.scope = scope
        self.droppedAttributeCount = droppedAttributeCount
        self.droppedEventCount = droppedEventCount
        self.droppedLinkCount = droppedLinkCount
    }

    public var durationNanos: UInt64 { endNanos &- startNanos }

    /// A root of the local part of its trace: no parent, or a parent in another process.
    public var isLocalRoot: Bool { parentSpanID == nil || parentIsRemote }

    public var isError: Bool { status?.code == .error }

    /// The `service.name` of the span's resource.
    public var serviceName: String { resource.serviceName }

    /// A timestamped event on a span (`exception` events come from `recordError`).
    public struct Event: Sendable, Hashable {
        public var name: String
        public var timeNanos: UInt64
        public var attributes: [Attribute]
        public var droppedAttributeCount: Int

        public init(name: String, timeNanos: UInt64, attributes: [Attribute] = [], droppedAttributeCount: Int = 0) {
            self.name = name
            self.timeNanos = timeNanos
            self.attributes = attributes
            self.droppedAttributeCount = droppedAttributeCount
        }
    }

    /// A link to a span of this or another trace.
    public struct Link: Sendable, Hashable {
        public var traceID: TraceID
        public var spanID: SpanID
        public var traceState: TraceState
        /// The linked span context's W3C trace flags.
        public var flags: TraceFlags
        /// True when the linked span context came from another process; nil when the
        /// source did not say (OTLP keeps the same three states).
        public var isRemote: Bool?
        public var attributes: [Attribute]
        public var droppedAttributeCount: Int

        public init(
            traceID: TraceID,
            spanID: SpanID,
            traceState: TraceState = TraceState(),
            flags: TraceFlags = [],
            isRemote: Bool? = nil,
            attributes: [Attribute] = [],
            droppedAttributeCount: Int = 0
        ) {
            self.traceID = traceID
            self.spanID = spanID
            self.traceState = traceState
            self.flags = flags
            self.isRemote = isRemote
            self.attributes = attributes
            self.droppedAttributeCount = droppedAttributeCount
        }
    }
}
