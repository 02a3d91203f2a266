import Foundation
import SpanscopeTestSupport
import Testing
@testable import SpanscopeHTTP

@Suite struct SignalShutdownTests {
    @Test func sigtermShutsDownGracefully() async throws {
        // Should the watcher not be installed yet, the signal is ignored rather than fatal.
        signal(SIGTERM, SIG_IGN)
        var router = Router()
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .milliseconds(300))
            return Response(text: "finished")
        }
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), router: router)
        try server.start()
        let port = server.port
        let running = Task { try await server.run(handleSignals: true) }
        try await Task.sleep(for: .milliseconds(100))
        let slow = Task { try await blocking { try RawConnection.request(port: port, "GET", "/slow") } }
        while server.requestsInFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        // To the process, as a terminal or an orchestrator sends it, not to this thread.
        kill(getpid(), SIGTERM)
        let returned = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await running.value; return true }
            group.addTask { try await Task.sleep(for: .seconds(10)); return false }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        #expect(returned)
        #expect(try await slow.value.text == "finished")
    }
}
