/// Where orders publishes `order-placed`: the queue itself when notifications runs in
/// the same process (`OrderEventQueue`), its HTTP endpoint when it runs in another
/// (`RemoteOrderEventQueue`).
protocol OrderEventPublisher: Sendable {
    /// Throws when the message was not taken: the queue is full, closed or unreachable.
    func publish(_ message: OrderEventQueue.Message) async throws
}
