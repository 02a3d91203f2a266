import Tracing

extension SpanStorage {
    func addEvent(_ event: SpanEvent) {
        let limits = limits
        let (attributes, dropped) = event.attributes.recorded(
            countLimit: limits.eventAttributeCountLimit,
            lengthLimit: limits.attributeValueLengthLimit
        )
        let recorded = SpanRecord.Event(
            name: event.name,
            timeNanos: event.nanosecondsSinceEpoch,
            attributes: attributes,
            droppedAttributeCount: dropped
        )
        withLock { $0.append(recorded, to: \.events, limit: limits.eventCountLimit, dropped: \.droppedEventCount) }
    }

    /// An `exception` event as OpenTelemetry's semantic conventions name it; attributes
    /// given by the caller win over the generated ones.
    func recordError(_ error: any Error, attributes: SpanAttributes, atNanos nanos: UInt64) {
        var eventAttributes: SpanAttributes = [
            "exception.type": .string(String(reflecting: type(of: error))),
            "exception.message": .string(String(describing: error)),
        ]
        eventAttributes.merge(attributes)
        addEvent(SpanEvent(name: "exception", at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: nanos), attributes: eventAttributes))
    }

    /// A link to a context without a span context has nothing to point at and is ignored.
    func addLink(_ link: SpanLink) {
        guard let target = link.context.spanContext else { return }
        let limits = limits
        let (attributes, dropped) = link.attributes.recorded(
            countLimit: limits.linkAttributeCountLimit,
            lengthLimit: limits.attributeValueLengthLimit
        )
        let recorded = SpanRecord.Link(
            traceID: target.traceID,
            spanID: target.spanID,
            traceState: target.traceState,
            flags: target.flags,
            isRemote: target.isRemote,
            attributes: attributes,
            droppedAttributeCount: dropped
        )
        withLock { $0.append(recorded, to: \.links, limit: limits.linkCountLimit, dropped: \.droppedLinkCount) }
    }

    /// OpenTelemetry: Ok is final, and only Error keeps a description.
    func setStatus(_ status: SpanStatus) {
        withLock { state in
            guard !state.isEnded, state.status?.code != .ok else { return }
            state.status = status.code == .ok ? SpanStatus(code: .ok) : status
        }
    }

    var operationName: String {
        get { withLock { $0.operationName } }
        set {
            withLock { state in
                guard !state.isEnded else { return }
                state.operationName = newValue
            }
        }
    }

    var isEnded: Bool { withLock { $0.isEnded } }
}

extension SpanState {
    /// Appends while the list is under its limit, else counts the item as dropped, as
    /// OpenTelemetry's span limits ask; nothing changes once the span has ended.
    mutating func append<Item>(
        _ item: Item,
        to list: WritableKeyPath<SpanState, [Item]>,
        limit: Int,
        dropped: WritableKeyPath<SpanState, Int>
    ) {
        guard !isEnded else { return }
        guard self[keyPath: list].count < limit else {
            self[keyPath: dropped] += 1
            return
        }
        self[keyPath: list].append(item)
    }
}
