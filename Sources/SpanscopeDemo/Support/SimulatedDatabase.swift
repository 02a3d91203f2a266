import Spanscope
import Tracing

/// A service's PostgreSQL database as its code sees it: every query is a CLIENT span
/// with the database semantic conventions and a latency like a real one's, around an
/// answer computed in memory.
///
/// Spans carry both the stable attribute names (`db.system.name`, `db.query.text`) and
/// the older ones (`db.system`, `db.statement`), as the OpenTelemetry SDKs do under
/// `OTEL_SEMCONV_STABILITY_OPT_IN=database/dup`, so tools that read either find them.
/// Each span is named `{operation} {table}`, as the conventions name query spans.
///
/// ```swift
/// let database = SimulatedDatabase(tracer: tracer, namespace: "orders")
/// let orders = try await database.query(
///     "SELECT id, total_cents FROM orders WHERE user_id = $1", operation: "SELECT", table: "orders", cost: .rangeScan
/// ) { book.orders(of: userID) }
/// ```
struct SimulatedDatabase: Sendable {
    /// How much work a statement is, which decides its latency.
    enum Cost: Sendable {
        case pointLookup
        case rangeScan
        case write

        var latency: Latency {
            switch self {
            case .pointLookup: Latency(milliseconds: 0.4...1.6)
            case .rangeScan: Latency(milliseconds: 3...9)
            case .write: Latency(milliseconds: 1.5...4)
            }
        }
    }

    let tracer: SpanscopeTracer
    /// The database name (`db.namespace`).
    let namespace: String
    let host: String
    let port: Int
    /// When set, the connection drops on the scheduled queries, which then fail.
    let connectionDrops: FaultSchedule?

    init(tracer: SpanscopeTracer, namespace: String, connectionDrops: FaultSchedule? = nil) {
        self.tracer = tracer
        self.namespace = namespace
        self.host = "\(namespace)-db.internal"
        self.port = 5432
        self.connectionDrops = connectionDrops
    }

    /// Runs one statement: waits as long as the database would, then returns `answer()`.
    /// Throws `DatabaseError` when the connection drops, recorded on the span.
    func query<Result: Sendable>(
        _ statement: String,
        operation: String,
        table: String,
        cost: Cost,
        _ answer: @Sendable () throws -> Result
    ) async throws -> Result {
        try await tracer.withSpan("\(operation) \(table)", ofKind: .client) { span in
            for (key, value) in attributes(statement: statement, operation: operation, table: table) {
                span.setAttribute(key, value)
            }
            if connectionDrops?.isDue() == true {
                // A dropped connection is noticed only once the server stops answering.
                try await Latency(milliseconds: 20...40, tailChance: 0).wait()
                span.setAttribute("error.type", .string("connection_lost"))
                throw DatabaseError.connectionLost
            }
            try await cost.latency.wait()
            return try answer()
        }
    }

    private func attributes(statement: String, operation: String, table: String) -> [(String, AttributeValue)] {
        [
            ("db.system.name", .string("postgresql")),
            ("db.system", .string("postgresql")),
            ("db.namespace", .string(namespace)),
            ("db.collection.name", .string(table)),
            ("db.operation.name", .string(operation)),
            ("db.query.text", .string(statement)),
            ("db.statement", .string(statement)),
            ("server.address", .string(host)),
            ("server.port", .int(Int64(port))),
        ]
    }
}
