/// A customer account, as the users service answers it.
struct Customer: Codable, Sendable, Hashable {
    var id: Int
    var handle: String
    var name: String
    var email: String
    var city: String
    /// A payment provider's card token; `tok_chargeDeclined` is declined, as at Stripe.
    var paymentMethod: String
}

extension Customer {
    static let declinedCard = "tok_chargeDeclined"

    /// The users service's table. Two customers carry a card that the provider declines.
    static let all: [Customer] = [
        ("ada", "Ada Lovelace", "London"), ("grace", "Grace Hopper", "Arlington"), ("linus", "Linus Torvalds", "Portland"),
        ("barbara", "Barbara Liskov", "Boston"), ("edsger", "Edsger Dijkstra", "Austin"), ("margaret", "Margaret Hamilton", "Boston"),
        ("mallory", "Mallory Mallet", "Nowhere"), ("alan", "Alan Turing", "Manchester"), ("frances", "Frances Allen", "Peru, NY"),
        ("ken", "Ken Thompson", "Menlo Park"), ("radia", "Radia Perlman", "Seattle"), ("trudy", "Trudy Tamper", "Elsewhere"),
    ].enumerated().map { index, person in
        let declined = person.0 == "mallory" || person.0 == "trudy"
        return Customer(
            id: index + 1,
            handle: person.0,
            name: person.1,
            email: "\(person.0)@example.com",
            city: person.2,
            paymentMethod: declined ? declinedCard : "tok_visa"
        )
    }

    static func find(id: Int) -> Customer? {
        all.indices.contains(id - 1) ? all[id - 1] : nil
    }

    /// The bearer token of the customer's session, which the auth service knows.
    var sessionToken: String { "demo-\(handle)" }

    var hasDeclinedCard: Bool { paymentMethod == Self.declinedCard }
}
