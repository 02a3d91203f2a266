import CLibevent
import Synchronization

/// The client's keep-alive connections, idle ones per host and port.
///
/// Invariant: loop-confined (only `opened` is read from other threads). A connection is
/// either idle in `idle` or listed in `active` until it is freed, so the unretained
/// pointer libevent holds as callback argument always points at a live object.
final class ConnectionPool: @unchecked Sendable {
    let loop: EventLoop
    let configuration: HTTPClient.Configuration
    /// TCP connections established so far.
    let opened = Atomic<Int>(0)
    private var idle: [String: [PooledConnection]] = [:]
    private var active: [ObjectIdentifier: PooledConnection] = [:]
    private var isShutDown = false

    init(loop: EventLoop, configuration: HTTPClient.Configuration) {
        self.loop = loop
        self.configuration = configuration
    }

    func start(_ exchange: HTTPClientExchange, continuation: CheckedContinuation<ClientResponse, any Error>) {
        guard exchange.begin(continuation, base: loop.base) else { return }
        dispatch(exchange, fresh: false)
    }

    /// Sends the request on an idle connection to its host, or a new one when `fresh`.
    func dispatch(_ exchange: HTTPClientExchange, fresh: Bool) {
        guard !isShutDown else {
            exchange.finish(.failure(HTTPClientError.shutDown))
            return
        }
        exchange.attempts += 1
        let target = exchange.request.target
        let reused = fresh ? nil : idle[target.authority]?.popLast()
        guard let connection = reused ?? PooledConnection(pool: self, target: target) else {
            exchange.finish(.failure(HTTPClientError.connectionFailed(host: target.host, port: target.port, reason: "libevent could not create a connection")))
            return
        }
        active[ObjectIdentifier(connection)] = connection
        connection.send(exchange)
    }

    /// Takes a connection back after its request ended: idle if it may carry another.
    func checkIn(_ connection: PooledConnection, reusable: Bool) {
        let key = connection.target.authority
        if reusable && !isShutDown && idle[key, default: []].count < configuration.maxIdleConnectionsPerHost {
            active[ObjectIdentifier(connection)] = nil
            idle[key, default: []].append(connection)
        } else {
            // libevent still uses the connection when the callback that ended the request returns.
            loop.execute { [self] in
                evhttp_connection_free(connection.evcon)
                active[ObjectIdentifier(connection)] = nil
            }
        }
    }

    func connectionEstablished() {
        opened.add(1, ordering: .relaxed)
    }

    /// Fails every request in flight with `shutDown` and closes every connection.
    func shutDown() {
        isShutDown = true
        for connection in Array(active.values) {
            connection.exchange?.cancel(HTTPClientError.shutDown)
        }
        for connection in idle.values.joined() {
            evhttp_connection_free(connection.evcon)
        }
        idle = [:]
    }
}
