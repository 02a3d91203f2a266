import ArgumentParser
import Spanscope

/// The server the HTTP benchmarks drive: `GET /hello` answers `hello`.
@main
struct BenchServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-server")

    enum HandlerKind: String, ExpressibleByArgument {
        case sync, async
    }

    @Option var port: Int = 8080
    @Option var loops: Int = 1
    @Option var handler: HandlerKind = .sync

    func run() async throws {
        var router = Router()
        switch handler {
        case .sync:
            router.get("/hello") { _, _ in Response(text: "hello") }
        case .async:
            router.get("/hello") { _, _ in
                await Task.yield()
                return Response(text: "hello")
            }
        }
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: port, loopCount: loops), router: router)
        try await server.run()
    }
}
