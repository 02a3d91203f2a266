import Tracing

/// What a messaging span is about, and how the conventions name and describe it.
struct MessagingOperation: Sendable {
    /// `messaging.operation.name`: the system's own word (`send`, `publish`, `process`).
    var name: String
    /// `messaging.operation.type`: `send` or `process`, whatever the system calls them.
    var type: String
    var kind: SpanKind
    var system: String
    var destination: String

    /// `{operation} {destination}`.
    var spanName: String { "\(name) \(destination)" }

    func record(on span: SpanscopeSpan) {
        span.setAttribute("messaging.system", .string(system))
        span.setAttribute("messaging.destination.name", .string(destination))
        span.setAttribute("messaging.operation.name", .string(name))
        span.setAttribute("messaging.operation.type", .string(type))
    }
}
