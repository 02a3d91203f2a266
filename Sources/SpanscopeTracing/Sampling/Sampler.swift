public import Tracing
public import W3CTraceContext

/// Decides at span start whether a span is recorded and sampled (OpenTelemetry's head
/// sampling). Called for every span, on the thread that starts it: keep it cheap.
///
/// ```swift
/// struct HealthChecksOff: Sampler {
///     var description: String { "HealthChecksOff" }
///     func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision {
///         parameters.operationName == "GET /health" ? .drop : .recordAndSample
///     }
/// }
/// ```
public protocol Sampler: Sendable, CustomStringConvertible {
    func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision
}

/// What a sampler may base its decision on.
///
/// ```swift
/// let parameters = SamplingParameters(parent: nil, traceID: traceID, operationName: "GET /users/{id}", kind: .server)
/// TraceIDRatioSampler(ratio: 0.1).shouldSample(parameters)
/// ```
public struct SamplingParameters: Sendable {
    /// The parent's span context, local or remote; nil for a root span.
    public var parent: SpanContext?
    /// The trace-id the new span will have: its parent's, or a fresh one for a root.
    public var traceID: TraceID
    public var operationName: String
    public var kind: SpanKind

    public init(parent: SpanContext?, traceID: TraceID, operationName: String, kind: SpanKind) {
        self.parent = parent
        self.traceID = traceID
        self.operationName = operationName
        self.kind = kind
    }
}

/// OpenTelemetry's three sampling decisions.
///
/// ```swift
/// let decision: SamplingDecision = .recordAndSample
/// ```
public enum SamplingDecision: Sendable, Hashable {
    /// Not recorded: the span only carries and propagates its context, sampled flag off.
    case drop
    /// Recorded (attributes, events, `activeSpan`) but not sampled: never reaches the recorder.
    case recordOnly
    /// Recorded, sampled flag on, and handed to the recorder when it ends.
    case recordAndSample
}
