import Foundation
@testable import SpanscopeHTTP

/// Starts a server on a free loopback port for one test, and shuts it down after.
func withServer<T>(
    _ router: Router,
    loops: Int = 2,
    limits: ServerConfiguration.Limits = ServerConfiguration.Limits(),
    _ body: (HTTPServer) async throws -> T
) async throws -> T {
    let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: loops, limits: limits, shutdownGracePeriod: .seconds(2)), router: router)
    try server.start()
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
