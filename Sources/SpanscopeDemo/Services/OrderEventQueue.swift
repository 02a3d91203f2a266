/// The shop's message broker, in process: orders publishes an `order-placed` message
/// per paid order, notifications consumes them in order. A message carries its trace
/// context in string headers, as it would through a real broker, so the consumer's
/// span joins the producer's trace.
///
/// Holds at most `capacity` unconsumed messages; `publish` refuses more rather than
/// grow or block the order.
final class OrderEventQueue: Sendable {
    static let destination = "order-placed"

    struct Message: Sendable {
        var headers: [String: String]
        var body: [UInt8]
    }

    let messages: AsyncStream<Message>
    private let continuation: AsyncStream<Message>.Continuation

    init(capacity: Int = 1_000) {
        (messages, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// False when the queue is full or closed: the message is not delivered.
    func publish(_ message: Message) -> Bool {
        if case .enqueued = continuation.yield(message) { return true }
        return false
    }

    /// Ends the stream once the messages already published are consumed.
    func close() {
        continuation.finish()
    }
}
