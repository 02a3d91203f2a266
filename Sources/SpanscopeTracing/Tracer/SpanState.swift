import Tracing

/// The mutable part of a recording span, behind its one lock.
struct SpanState: Sendable {
    var operationName: String
    /// In the order they were first set; what `end` puts in the record as is.
    var attributes: [Attribute] = []
    /// Each key's place in `attributes`, kept once a span has more than
    /// `scannedAttributeCount` of them; nil before, and after a change that moves them.
    var attributeIndex: [String: Int]?
    /// The protocol's `SpanAttributes` view, made on the first generic access and edited in
    /// place from then on; `end` folds it into `attributes` once, applying the limits.
    var genericAttributes: SpanAttributes?
    /// The generic view's keys before its latest change, to tell newcomers from the keys
    /// it had; the buffer is reused from change to change.
    var keysBeforeChange: [String] = []
    var events: [SpanRecord.Event] = []
    var links: [SpanRecord.Link] = []
    var status: SpanStatus?
    var droppedAttributeCount = 0
    var droppedEventCount = 0
    var droppedLinkCount = 0
    var isEnded = false
    /// The span's attribute count limit, for changes made through the generic view.
    let countLimit: Int

    init(operationName: String, countLimit: Int) {
        self.operationName = operationName
        self.countLimit = countLimit
    }
}
