/// An order, as the orders service answers it.
struct Order: Codable, Sendable, Hashable {
    var id: Int
    var userId: Int
    var lines: [OrderLine]
    var totalCents: Int
    var status: String
}

/// One product of an order or of a cart.
struct OrderLine: Codable, Sendable, Hashable {
    var productId: Int
    var quantity: Int
    var priceCents: Int
}

/// What the gateway asks the orders service to place for a signed-in customer.
struct PlaceOrder: Codable, Sendable {
    var userId: Int
    var productId: Int
    var quantity: Int
    var paymentMethod: String
}

/// A checkout as a shopper sends it to the gateway.
struct Checkout: Codable, Sendable {
    var productId: Int
    var quantity: Int
}

/// The message orders publishes when an order is paid.
struct OrderPlaced: Codable, Sendable {
    var orderId: Int
    var userId: Int
    var totalCents: Int
}
