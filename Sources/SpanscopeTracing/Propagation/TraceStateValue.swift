import W3CTraceContext

/// A span context's trace state: as parsed, or as the header it arrived in, when that
/// header is valid and already in the form `TraceStateHeader.format` writes. Most services
/// only pass the trace state on, so the header form saves parsing it on extract and
/// writing it again on inject.
enum TraceStateValue: Sendable, Equatable {
    case parsed(TraceState)
    /// A valid, non-empty header value that formats to itself.
    case header(String)

    var state: TraceState {
        switch self {
        case .parsed(let state): state
        // Validated on extract, so it parses.
        case .header(let value): TraceStateHeader.parse(value) ?? TraceState()
        }
    }

    /// The `tracestate` value to send; nil when the state is empty.
    var headerValue: String? {
        switch self {
        case .parsed(let state): TraceStateHeader.format(state)
        case .header(let value): value
        }
    }

    static func == (lhs: TraceStateValue, rhs: TraceStateValue) -> Bool {
        if case .header(let left) = lhs, case .header(let right) = rhs, left == right { return true }
        return lhs.state == rhs.state
    }
}
