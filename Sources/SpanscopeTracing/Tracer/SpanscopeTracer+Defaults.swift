public import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SpanscopeTracer {
    /// The process environment: where the `OTEL_*` variables come from by default.
    ///
    /// ```swift
    /// let limits = SpanLimits(environment: SpanscopeTracer.processEnvironment)
    /// ```
    public static var processEnvironment: [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// The logger configuration warnings go to.
    ///
    /// ```swift
    /// let tracer = SpanscopeTracer(recorder: store, logger: SpanscopeTracer.defaultLogger)
    /// ```
    public static var defaultLogger: Logger {
        Logger(label: "spanscope.tracing")
    }
}
