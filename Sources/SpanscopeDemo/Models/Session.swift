/// Whom a bearer token belongs to, as the auth service answers it.
struct Session: Codable, Sendable {
    var userId: Int
}
