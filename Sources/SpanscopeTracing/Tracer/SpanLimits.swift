/// How much one span may hold (OpenTelemetry "Span Limits"). What goes beyond is dropped
/// and counted in the record's `dropped…Count`.
///
/// ```swift
/// let limits = SpanLimits(attributeCountLimit: 64, attributeValueLengthLimit: 1024)
/// let tracer = SpanscopeTracer(recorder: store, limits: limits)
/// ```
public struct SpanLimits: Sendable, Hashable {
    /// OpenTelemetry's default for every count limit.
    public static let defaultCountLimit = 128

    /// Attributes on the span itself.
    public var attributeCountLimit: Int
    /// Characters kept of a string value (and of each element of a string array), on the
    /// span, its events and its links; nil is unlimited.
    public var attributeValueLengthLimit: Int?
    public var eventCountLimit: Int
    public var linkCountLimit: Int
    public var eventAttributeCountLimit: Int
    public var linkAttributeCountLimit: Int

    public init(
        attributeCountLimit: Int = defaultCountLimit,
        attributeValueLengthLimit: Int? = nil,
        eventCountLimit: Int = defaultCountLimit,
        linkCountLimit: Int = defaultCountLimit,
        eventAttributeCountLimit: Int = defaultCountLimit,
        linkAttributeCountLimit: Int = defaultCountLimit
    ) {
        self.attributeCountLimit = attributeCountLimit
        self.attributeValueLengthLimit = attributeValueLengthLimit
        self.eventCountLimit = eventCountLimit
        self.linkCountLimit = linkCountLimit
        self.eventAttributeCountLimit = eventAttributeCountLimit
        self.linkAttributeCountLimit = linkAttributeCountLimit
    }
}
