/// The gateway's storefront for a signed-in customer, gathered from three services at once.
struct HomePage: Codable, Sendable {
    var customer: Customer
    var cart: [OrderLine]
    var recommendations: [Product]
}
