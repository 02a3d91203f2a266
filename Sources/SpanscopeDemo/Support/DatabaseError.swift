/// A failure of the simulated database, worded as PostgreSQL's client library words it.
enum DatabaseError: Error, CustomStringConvertible {
    case connectionLost

    var description: String {
        switch self {
        case .connectionLost: "server closed the connection unexpectedly"
        }
    }
}
