import Foundation
import Logging
import Spanscope
import Tracing

/// E-mails customers about their orders, fed by the `order-placed` queue.
///
/// Each message is processed in the trace of the order that published it: the
/// customer's address from users, then the e-mail (a simulated SMTP call).
/// `GET /notifications?user=` answers the latest e-mails sent to a customer. When orders
/// runs in another process, the queue takes its messages at `POST /queues/order-placed`.
struct NotificationsService: ShopService {
    static let mailHost = "smtp.mail-relay.example"

    let environment: ServiceEnvironment
    private let database: SimulatedDatabase
    private let users: Peer
    private let sent = SentMail()
    /// The queue other processes publish to over HTTP; nil when the publisher shares the process.
    private let queueEndpoint: OrderEventQueue?

    init(environment: ServiceEnvironment, users: Peer, queueEndpoint: OrderEventQueue? = nil) {
        self.environment = environment
        database = environment.database()
        self.users = users
        self.queueEndpoint = queueEndpoint
    }

    func routes(into router: inout Router) {
        queueEndpoint?.register(on: &router)
        router.get("/notifications") { request, _ in
            guard let user = request.queryItems["user"].flatMap(Int.init) else {
                throw HTTPError(.badRequest, "user must be a number")
            }
            return try .json(sent.latest(to: user, limit: 10))
        }
    }

    /// Processes messages one at a time until the queue is closed and drained.
    func consume(_ queue: OrderEventQueue) async {
        for await message in queue.messages {
            do {
                try await environment.tracer.withConsumerSpan(
                    system: OrderEventQueue.system,
                    destination: OrderEventQueue.destination,
                    headers: message.headers
                ) { _ in
                    try await process(message)
                }
            } catch {
                environment.logger.info("order-placed not processed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func process(_ message: OrderEventQueue.Message) async throws {
        let event = try JSONDecoder().decode(OrderPlaced.self, from: Data(message.body))
        let customer: Customer = try await users.get("/users/\(event.userId)")
        let notification = SentNotification(
            orderId: event.orderId,
            userId: customer.id,
            email: customer.email,
            subject: "Your order \(event.orderId) is paid"
        )
        try await sendMail(notification)
        try await database.query(
            "INSERT INTO notifications (order_id, user_id, channel) VALUES ($1, $2, 'email')",
            operation: "INSERT",
            table: "notifications",
            cost: .write
        ) {}
        sent.append(notification)
    }

    private func sendMail(_ notification: SentNotification) async throws {
        try await environment.tracer.withSpan("smtp send", ofKind: .client) { span in
            span.setAttribute("server.address", .string(Self.mailHost))
            span.setAttribute("server.port", .int(587))
            span.setAttribute("network.protocol.name", .string("smtp"))
            try await Latency(milliseconds: 15...45).wait()
        }
    }
}
