import Tracing

/// The mutable part of a recording span, behind its one lock.
struct SpanState: Sendable {
    var operationName: String
    /// In the order they were first set; what `end` puts in the record as is.
    var attributes: [Attribute] = []
    var events: [SpanRecord.Event] = []
    var links: [SpanRecord.Link] = []
    var status: SpanStatus?
    var droppedAttributeCount = 0
    var droppedEventCount = 0
    var droppedLinkCount = 0
    var isEnded = false

    init(operationName: String) {
        self.operationName = operationName
    }
}
