import Tracing

extension SpanStorage {
    /// Ends the span once: later calls do nothing. A sampled span goes to the recorder,
    /// on this thread, after the lock is released. `endNanos` is asked only for the first
    /// end, so a repeated `end()` reads no clock.
    func end(endNanos: (SpanTiming) -> UInt64) {
        let limits = limits
        let ended = withLock { state -> SpanState? in
            guard !state.isEnded else { return nil }
            state.foldGenericAttributes(limits: limits)
            state.isEnded = true
            return state
        }
        guard let ended else { return }
        let endNanos = endNanos(timing)
        guard spanContext.isSampled else { return }
        tracer.recorder.record(record(of: ended, endNanos: endNanos))
    }

    private func record(of state: SpanState, endNanos: UInt64) -> SpanRecord {
        // Limits were enforced as attributes were set: the array goes into the record as is.
        SpanRecord(
            traceID: spanContext.traceID,
            spanID: spanContext.spanID,
            parentSpanID: parentSpanID,
            parentIsRemote: parentIsRemote,
            name: state.operationName,
            kind: kind,
            startNanos: timing.startNanos,
            endNanos: endNanos,
            attributes: state.attributes,
            events: state.events,
            links: state.links,
            status: state.status,
            flags: spanContext.flags,
            traceState: spanContext.traceState,
            resource: tracer.resource,
            droppedAttributeCount: state.droppedAttributeCount,
            droppedEventCount: state.droppedEventCount,
            droppedLinkCount: state.droppedLinkCount
        )
    }
}
