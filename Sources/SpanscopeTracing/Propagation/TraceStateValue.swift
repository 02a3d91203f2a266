import W3CTraceContext

/// A span context's trace state: none, as parsed, or as the header it arrived in, when that
/// header is valid and already in the form `TraceStateHeader.format` writes. Most services
/// only pass the trace state on, so the header form saves parsing it on extract and
/// writing it again on inject.
enum TraceStateValue: Sendable, Equatable {
    /// No entries: what most traces carry. A case of its own, because an empty `TraceState`
    /// (an ordered dictionary) still holds references that every copy of a span context
    /// would retain and release.
    case empty
    case parsed(TraceState)
    /// A valid, non-empty header value that formats to itself.
    case header(String)

    init(_ state: TraceState) {
        self = state.isEmpty ? .empty : .parsed(state)
    }

    var state: TraceState {
        switch self {
        case .empty: TraceState()
        case .parsed(let state): state
        // Validated on extract, so it parses.
        case .header(let value): TraceStateHeader.parse(value) ?? TraceState()
        }
    }

    /// The `tracestate` value to send; nil when the state is empty.
    var headerValue: String? {
        switch self {
        case .empty: nil
        case .parsed(let state): TraceStateHeader.format(state)
        case .header(let value): value
        }
    }

    static func == (lhs: TraceStateValue, rhs: TraceStateValue) -> Bool {
        switch (lhs, rhs) {
        case (.empty, .empty): return true
        case (.header(let left), .header(let right)) where left == right: return true
        default: return lhs.state == rhs.state
        }
    }
}
