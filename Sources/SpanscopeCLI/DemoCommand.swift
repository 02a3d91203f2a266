import ArgumentParser
import Foundation
import Spanscope

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the example shop service and drive traffic through it."
    )

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var duration: Double?

    func run() async throws {
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: port), router: DemoShop.router())
        try server.start()
        let base = "http://127.0.0.1:\(server.port)"
        Console.line("""
            Spanscope demo shop listening on \(base)
              curl \(base)/api/products
              curl \(base)/api/products/3
              curl -X POST \(base)/api/orders -d '{"productId": 3, "quantity": 2}'
              curl \(base)/api/slow?ms=250
            Press Ctrl-C to stop.
            """)
        if let duration {
            Task {
                try await Task.sleep(for: .seconds(duration))
                await server.shutdown()
            }
        }
        try await server.run()
        Console.line("demo stopped")
    }
}
