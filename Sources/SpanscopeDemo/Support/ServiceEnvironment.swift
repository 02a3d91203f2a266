import Logging
import Spanscope

/// What one service of the shop is built from: its tracer (its own service name, the
/// shop's one store), the instrumented client it calls its peers through, its logger and
/// database. Nothing in it is shared with another service but the store, the connection
/// pool and the list of requests in flight, so each service could as well run in a
/// process of its own.
struct ServiceEnvironment: Sendable {
    let name: String
    let tracer: SpanscopeTracer
    let client: TracingHTTPClient
    let logger: Logger

    /// The service's own database, named after the service.
    func database(connectionDrops: FaultSchedule? = nil) -> SimulatedDatabase {
        SimulatedDatabase(tracer: tracer, namespace: name, connectionDrops: connectionDrops)
    }

    /// Another service at `baseURL`, called through this service's client (and so its spans).
    func peer(_ service: DemoService, at baseURL: String) -> Peer {
        Peer(name: service.rawValue, baseURL: baseURL, client: client)
    }
}
