import Tracing

extension SpanStorage {
    /// Ends the span once: later calls do nothing. A sampled span goes to the recorder,
    /// on this thread, after the lock is released. `endNanos` is asked only for the first
    /// end of a sampled span, so a repeated `end()` reads no clock.
    func end(endNanos: (SpanTiming) -> UInt64) {
        let limits = limits
        // The record is made under the lock straight from the state: copying the state out
        // first would retain each of its arrays twice.
        let ended = withLock { state -> SpanRecord? in
            guard !state.isEnded else { return nil }
            state.foldGenericAttributes(lengthLimit: limits.attributeValueLengthLimit)
            state.isEnded = true
            guard spanContext.isSampled else { return nil }
            return record(of: state, endNanos: endNanos(timing))
        }
        guard let ended else { return }
        tracer.recorder.record(ended)
    }

    private func record(of state: borrowing SpanState, endNanos: UInt64) -> SpanRecord {
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
