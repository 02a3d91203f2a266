/// Receives every span the tracer ends: the trace store, and through it the exporters.
///
/// Called on the thread that ended the span, often a server's loop thread:
/// an implementation returns quickly and never blocks on I/O.
public protocol SpanRecorder: Sendable {
    func record(_ span: SpanRecord)
}
