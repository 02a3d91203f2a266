public import Logging
import Tracing

extension Logger.MetadataProvider {
    /// Adds `trace_id` and `span_id` (lowercase hex) of the current span to every log line
    /// written inside one, so logs and traces can be joined. Reads
    /// `InstrumentationContext.current`, which `withSpan` sets.
    ///
    /// ```swift
    /// LoggingSystem.bootstrap(StreamLogHandler.standardOutput, metadataProvider: .spanscope)
    /// try await tracer.withSpan("checkout") { _ in logger.info("charging") } // trace_id=… span_id=…
    /// ```
    public static let spanscope = Logger.MetadataProvider {
        guard let spanContext = InstrumentationContext.current?.spanContext else { return [:] }
        return [
            "trace_id": .string(spanContext.traceID.hexString),
            "span_id": .string(spanContext.spanID.hexString),
        ]
    }
}
