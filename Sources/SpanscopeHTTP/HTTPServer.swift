import CLibevent
import Foundation
import Synchronization

/// An HTTP/1.1 server on libevent: several event loops, a router, a middleware chain.
///
/// ```swift
/// var router = Router()
/// router.get("/hello") { _, _ in Response(text: "hello") }
/// let server = HTTPServer(configuration: ServerConfiguration(port: 0), router: router)
/// try server.start()
/// print("listening on", server.port)
/// try await server.run()   // until SIGINT/SIGTERM or `shutdown()`
/// ```
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let responder: Responder
    private let state = Mutex<State>(.idle)
    private let inFlight = RequestCounter()
    private let boundPort = Atomic<Int>(0)

    private enum State {
        case idle
        case running([ServerLoop])
        case stopping
        case stopped
    }

    public init(configuration: ServerConfiguration = ServerConfiguration(), router: Router) {
        self.configuration = configuration
        self.responder = Responder(router: router)
    }

    /// The bound port; 0 until `start()` returns.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Requests received and not yet answered.
    public var requestsInFlight: Int { inFlight.value }

    /// Binds every loop's listener and starts the loop threads.
    /// Throws `HTTPServerError.bindFailed` when the address cannot be bound.
    public func start() throws {
        try state.withLock { state in
            guard case .idle = state else { throw HTTPServerError.alreadyStarted }
            var loops: [ServerLoop] = []
            var port = configuration.port
            do {
                for index in 0..<configuration.loopCount {
                    let loop = try ServerLoop(index: index, configuration: configuration, responder: responder, inFlight: inFlight, port: port)
                    port = loop.boundPort
                    loops.append(loop)
                }
            } catch {
                for loop in loops { loop.discard() }
                throw error
            }
            boundPort.store(port, ordering: .releasing)
            for loop in loops { loop.start() }
            state = .running(loops)
        }
    }

    /// Runs until shut down, by `shutdown()` or, when `handleSignals`, by SIGINT or SIGTERM.
    /// Starts the server first if needed. Returns after every loop has stopped.
    public func run(handleSignals: Bool = true) async throws {
        if case .idle = state.withLock({ $0 }) { try start() }
        let watcher = handleSignals ? SignalWatcher(signals: [SIGINT, SIGTERM]) { [self] in
            Task { await shutdown() }
        } : nil
        defer { watcher?.cancel() }
        await waitUntilStopped()
    }

    /// Stops accepting, lets in-flight requests finish for up to `gracePeriod`
    /// (the configuration's by default), then closes every connection.
    public func shutdown(gracePeriod: Duration? = nil) async {
        let loops: [ServerLoop] = state.withLock { state in
            guard case .running(let loops) = state else { return [] }
            state = .stopping
            return loops
        }
        guard !loops.isEmpty else {
            await waitUntilStopped()
            return
        }
        for loop in loops { loop.stopAccepting() }
        let deadline = ContinuousClock.now + (gracePeriod ?? configuration.shutdownGracePeriod)
        while inFlight.value > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        for loop in loops { loop.close() }
        for loop in loops { await loop.eventLoop.waitUntilFinished() }
        state.withLock { $0 = .stopped }
    }

    private func waitUntilStopped() async {
        while true {
            switch state.withLock({ $0 }) {
            case .stopped, .idle: return
            case .running(let loops):
                for loop in loops { await loop.eventLoop.waitUntilFinished() }
                // A loop ends only through shutdown; let it record the final state.
                while case .stopping = state.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
            case .stopping:
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
    }
}

/// Why a server could not start.
public enum HTTPServerError: Error, Sendable, CustomStringConvertible {
    case bindFailed(host: String, port: Int, reason: String)
    case alreadyStarted

    public var description: String {
        switch self {
        case .bindFailed(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
        case .alreadyStarted: "the server was already started"
        }
    }
}
