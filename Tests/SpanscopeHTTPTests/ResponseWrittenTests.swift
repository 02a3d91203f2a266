import SpanscopeTestSupport
import Synchronization
import Testing
@testable import SpanscopeHTTP

/// `Response.onWritten`: the server reports each response once it is written, with the
/// body bytes that went out, before the client can have read it.
@Suite struct ResponseWrittenTests {
    /// Adds a handler that records `name` and the byte count, as a middleware would.
    struct Report: SynchronousMiddleware {
        let name: String
        let log: Log

        func handle(_ request: Request, context: RequestContext, next: SynchronousNext) throws -> Response {
            observe(try next(request, context))
        }

        func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
            observe(try await next(request, context))
        }

        private func observe(_ response: Response) -> Response {
            var response = response
            response.onWritten { [name, log] bytes in log.append("\(name) \(bytes)") }
            return response
        }
    }

    final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        func take() -> [String] { lines.withLock { lines in defer { lines = [] }; return lines } }
    }

    @Test func eachAnswerReportsItsBodyBytesOnceInTheOrderAdded() async throws {
        let log = Log()
        var router = Router()
        router.add(middleware: Report(name: "outer", log: log))
        router.add(middleware: Report(name: "inner", log: log))
        router.get("/bytes") { _, _ in Response(text: "hello") }
        router.get("/async") { _, _ in
            await Task.yield()
            return Response(text: "async!")
        }
        router.get("/stream") { _, _ in
            Response { writer in
                try await writer.write("abc")
                try await writer.write("defg")
            }
        }
        router.delete("/bytes") { _, _ in Response(status: .noContent) }
        try await withServer(router, loops: 1) { server in
            let port = server.port
            for (method, path, expected) in [
                ("GET", "/bytes", 5), ("GET", "/async", 6), ("GET", "/stream", 7),
                ("HEAD", "/bytes", 0), ("DELETE", "/bytes", 0), ("GET", "/missing", 10),
            ] {
                _ = try await blocking { try RawConnection.request(port: port, method, path) }
                // The report came before the bytes could reach the client.
                #expect(log.take() == ["inner \(expected)", "outer \(expected)"], "\(method) \(path)")
            }
        }
    }
}
