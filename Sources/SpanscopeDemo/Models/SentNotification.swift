/// An e-mail the notifications service sent about an order.
struct SentNotification: Codable, Sendable {
    var orderId: Int
    var userId: Int
    var email: String
    var subject: String
}
