import Logging
import Spanscope

/// Customer accounts. `GET /users/{id}` answers a `Customer`.
///
/// Its database drops a connection on a schedule (`connectionDrops`): the profile read
/// then fails and the service answers 503, which its callers pass on.
struct UsersService: ShopService {
    let environment: ServiceEnvironment
    private let database: SimulatedDatabase

    init(environment: ServiceEnvironment, connectionDrops: FaultSchedule) {
        self.environment = environment
        database = environment.database(connectionDrops: connectionDrops)
    }

    func routes(into router: inout Router) {
        router.get("/users/:id") { _, context in
            guard let id = context.parameters["id"].flatMap(Int.init) else {
                throw HTTPError(.badRequest, "user id must be a number")
            }
            return try .json(try await customer(id: id))
        }
    }

    private func customer(id: Int) async throws -> Customer {
        let customer: Customer?
        do {
            customer = try await database.query(
                "SELECT id, handle, name, email, city, payment_method FROM users WHERE id = $1",
                operation: "SELECT",
                table: "users",
                cost: .pointLookup
            ) { Customer.find(id: id) }
        } catch let error as DatabaseError {
            environment.logger.info("users database failed", metadata: ["error": "\(error)"])
            throw HTTPError(.serviceUnavailable, "users database unavailable: \(error)")
        }
        guard let customer else { throw HTTPError(.notFound, "no user \(id)") }
        return customer
    }
}
