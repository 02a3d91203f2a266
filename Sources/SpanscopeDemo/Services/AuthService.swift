import Spanscope

/// Who is calling: resolves a bearer token to the customer whose session it is.
///
/// `GET /sessions/current` with the caller's `Authorization` header answers a
/// `Session`, or 401.
struct AuthService: ShopService {
    let environment: ServiceEnvironment
    private let database: SimulatedDatabase
    private let sessions: [String: Int]

    init(environment: ServiceEnvironment) {
        self.environment = environment
        database = environment.database()
        sessions = Dictionary(uniqueKeysWithValues: Customer.all.map { ($0.sessionToken, $0.id) })
    }

    func routes(into router: inout Router) {
        router.get("/sessions/current") { request, _ in
            try await currentSession(authorization: request.headers["Authorization"])
        }
    }

    private func currentSession(authorization: String?) async throws -> Response {
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            throw HTTPError(.unauthorized, "missing bearer token", headers: ["WWW-Authenticate": "Bearer"])
        }
        let token = String(authorization.dropFirst("Bearer ".count))
        let userID = try await database.query(
            "SELECT user_id, expires_at FROM sessions WHERE token_hash = digest($1, 'sha256')",
            operation: "SELECT",
            table: "sessions",
            cost: .pointLookup
        ) { sessions[token] }
        guard let userID else {
            throw HTTPError(.unauthorized, "unknown or expired token", headers: ["WWW-Authenticate": "Bearer"])
        }
        return try .json(Session(userId: userID))
    }
}
