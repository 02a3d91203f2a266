/// What orders asks the payments service to charge.
struct ChargeRequest: Codable, Sendable {
    var orderId: Int
    var amountCents: Int
    var paymentMethod: String
}

/// A successful charge.
struct Charge: Codable, Sendable {
    var id: String
    var orderId: Int
    var amountCents: Int
}
