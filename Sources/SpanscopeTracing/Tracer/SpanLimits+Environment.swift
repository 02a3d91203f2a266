public import Logging

extension SpanLimits {
    /// Limits from the OpenTelemetry environment variables. A model-specific variable wins
    /// over the general one, which wins over the default (the spec's "Attribute Limits"):
    ///
    /// - attributes: `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`, else `OTEL_ATTRIBUTE_COUNT_LIMIT`, else 128
    /// - value length: `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`, else `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, else unlimited
    /// - `OTEL_SPAN_EVENT_COUNT_LIMIT`, `OTEL_SPAN_LINK_COUNT_LIMIT`, else 128
    /// - per event / per link: `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT` / `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`,
    ///   else `OTEL_ATTRIBUTE_COUNT_LIMIT` (as the Python SDK does), else 128
    ///
    /// An empty variable counts as unset; a value that is not a non-negative integer is
    /// ignored with a warning, and the next source in that order applies.
    ///
    /// ```swift
    /// let limits = SpanLimits(environment: ["OTEL_SPAN_EVENT_COUNT_LIMIT": "16"])
    /// limits.eventCountLimit // 16
    /// ```
    public init(
        environment: [String: String],
        logger: Logger = SpanscopeTracer.defaultLogger
    ) {
        let reader = EnvironmentReader(environment: environment, logger: logger)
        let general = reader.count("OTEL_ATTRIBUTE_COUNT_LIMIT")
        self.init(
            attributeCountLimit: reader.count("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT") ?? general ?? Self.defaultCountLimit,
            attributeValueLengthLimit: reader.count("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT")
                ?? reader.count("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"),
            eventCountLimit: reader.count("OTEL_SPAN_EVENT_COUNT_LIMIT") ?? Self.defaultCountLimit,
            linkCountLimit: reader.count("OTEL_SPAN_LINK_COUNT_LIMIT") ?? Self.defaultCountLimit,
            eventAttributeCountLimit: reader.count("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT") ?? general ?? Self.defaultCountLimit,
            linkAttributeCountLimit: reader.count("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT") ?? general ?? Self.defaultCountLimit
        )
    }
}
