import Spanscope

/// One thing a shopper does, as one request to the gateway.
enum TrafficScenario: Sendable {
    case browse(productID: Int)
    case search(term: String)
    case home(Customer)
    case history(Customer)
    case checkout(Customer, productID: Int, quantity: Int)
    case notifications(Customer)

    func request(gatewayURL: String) -> ClientRequest {
        switch self {
        case .browse(let productID):
            return ClientRequest(method: .get, url: "\(gatewayURL)/api/products/\(productID)")
        case .search(let term):
            return ClientRequest(method: .get, url: "\(gatewayURL)/api/products?q=\(term)")
        case .home(let customer):
            return ClientRequest(method: .get, url: "\(gatewayURL)/api/home", headers: Self.signedIn(customer))
        case .history(let customer):
            return ClientRequest(method: .get, url: "\(gatewayURL)/api/orders", headers: Self.signedIn(customer))
        case .checkout(let customer, let productID, let quantity):
            var headers = Self.signedIn(customer)
            headers.add("Content-Type", "application/json")
            return ClientRequest(
                method: .post,
                url: "\(gatewayURL)/api/checkout",
                headers: headers,
                body: Array(#"{"productId":\#(productID),"quantity":\#(quantity)}"#.utf8)
            )
        case .notifications(let customer):
            return ClientRequest(method: .get, url: "\(gatewayURL)/api/notifications", headers: Self.signedIn(customer))
        }
    }

    private static func signedIn(_ customer: Customer) -> HTTPHeaders {
        ["Authorization": "Bearer \(customer.sessionToken)"]
    }

    /// A round of shopping, shuffled: mostly browsing (a few products are popular, so the
    /// cache hits), storefronts, checkouts (one in three with a declined card), order
    /// histories, a search and a look at the e-mails. Every pattern the shop shows is
    /// in every round.
    static func round() -> [TrafficScenario] {
        let payingCustomers = Customer.all.filter { !$0.hasDeclinedCard }
        let decliningCustomers = Customer.all.filter(\.hasDeclinedCard)
        func payer() -> Customer { payingCustomers.randomElement()! }
        var round: [TrafficScenario] = (0..<4).map { _ in .browse(productID: popularProductID()) }
        round.append(.search(term: ["cup", "kettle", "grinder", "beans", "press"].randomElement()!))
        round += (0..<2).map { _ in .home(payer()) }
        round.append(.history(Customer.all.randomElement()!))
        round += (0..<2).map { _ in .checkout(payer(), productID: popularProductID(), quantity: Int.random(in: 1...3)) }
        round.append(.checkout(decliningCustomers.randomElement()!, productID: popularProductID(), quantity: 1))
        round.append(.notifications(payer()))
        return round.shuffled()
    }

    /// Seven requests in ten go to the six best sellers.
    private static func popularProductID() -> Int {
        Double.random(in: 0..<1) < 0.7 ? Int.random(in: 1...6) : Int.random(in: 1...Product.catalog.count)
    }
}
