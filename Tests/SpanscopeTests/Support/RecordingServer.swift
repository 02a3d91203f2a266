import Spanscope
import Synchronization

/// A real server on loopback that keeps every request it receives, header lines as they
/// arrived, and answers each with `answer`.
///
/// ```swift
/// let peer = try RecordingServer { _ in Response(status: .notFound, text: "no") }
/// _ = try await client.get(peer.url("/orders"))
/// peer.requests[0].headers.values(for: "traceparent")
/// ```
final class RecordingServer: Sendable {
    let server: HTTPServer
    private let log: Log

    private final class Log: Sendable {
        let requests = Mutex<[Request]>([])
    }

    init(answer: @escaping @Sendable (Request) async throws -> Response = { _ in Response(text: "ok") }) throws {
        let log = Log()
        var router = Router()
        for method in [HTTPMethod.get, .post, .put, .delete, .patch] {
            router.on(method, "/*") { [log] request, _ in
                log.requests.withLock { $0.append(request) }
                return try await answer(request)
            }
        }
        self.log = log
        server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1, shutdownGracePeriod: .zero), router: router)
        try server.start()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String = "/") -> String { "http://127.0.0.1:\(server.port)\(path)" }

    var requests: [Request] { log.requests.withLock { $0 } }

    func shutdown() async { await server.shutdown() }
}
