import SpanscopeTracing
import Synchronization

/// A recording server span and its place in `InFlightRequests`: ends the span and frees
/// the place once, when the response has been written.
///
/// A response that never reaches the connection (one an outer middleware replaced) still
/// ends its span, when the last copy of its written-handler goes away; the span's
/// duration then runs to that moment.
final class RecordingServerSpan: Sendable {
    let span: SpanscopeSpan
    private let inFlight: InFlightRequests?
    private let slot: Int?
    private let hasEnded = Atomic(false)

    init(span: SpanscopeSpan, inFlight: InFlightRequests?, slot: Int?) {
        self.span = span
        self.inFlight = inFlight
        self.slot = slot
    }

    /// Called by the server on the loop thread, once the response has been handed to the connection.
    func responseWritten(bodyBytes: Int) {
        guard !hasEnded.exchange(true, ordering: .relaxed) else { return }
        span.setAttribute("http.response.body.size", .int(Int64(bodyBytes)))
        end()
    }

    private func end() {
        span.end()
        if let slot { inFlight?.remove(slot) }
    }

    deinit {
        if !hasEnded.load(ordering: .relaxed) { end() }
    }
}
