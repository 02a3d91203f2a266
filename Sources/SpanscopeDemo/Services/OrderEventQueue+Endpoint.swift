import Spanscope

extension OrderEventQueue {
    /// Where `RemoteOrderEventQueue` posts: a path of the consumer's server that no trace records.
    static let endpointPath = "/queues/order-placed"

    /// Takes messages from other processes: `POST /queues/order-placed` with a `Message`
    /// as JSON answers 202 once the queue holds it, 503 when it is full or closed.
    ///
    /// ```swift
    /// queue.register(on: &router)
    /// ```
    func register(on router: inout Router) {
        router.post(Self.endpointPath) { request, _ in
            do {
                try self.publish(try request.decode(Message.self))
            } catch is NotDelivered {
                throw HTTPError(.serviceUnavailable, "\(NotDelivered())")
            }
            return Response(status: .accepted)
        }
    }
}
