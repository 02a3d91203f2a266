/// The shop's message broker, in process: orders publishes an `order-placed` message
/// per paid order, notifications consumes them in order. A message carries its trace
/// context in string headers, as it would through a real broker, so the consumer's
/// span joins the producer's trace.
///
/// Holds at most `capacity` unconsumed messages; `publish` refuses more rather than
/// grow or block the order.
final class OrderEventQueue: OrderEventPublisher {
    /// `messaging.system` of the spans: a broker in the process's memory.
    static let system = "memory"
    static let destination = "order-placed"

    /// The queue holds `capacity` messages already, or was closed.
    struct NotDelivered: Error, CustomStringConvertible {
        var description: String { "the order-placed queue is full or closed" }
    }

    struct Message: Sendable, Codable {
        var headers: [String: String]
        var body: [UInt8]
    }

    let messages: AsyncStream<Message>
    private let continuation: AsyncStream<Message>.Continuation

    init(capacity: Int = 1_000) {
        (messages, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Throws `NotDelivered` when the queue is full or closed.
    func publish(_ message: Message) throws {
        guard case .enqueued = continuation.yield(message) else { throw NotDelivered() }
    }

    /// Ends the stream once the messages already published are consumed.
    func close() {
        continuation.finish()
    }
}
