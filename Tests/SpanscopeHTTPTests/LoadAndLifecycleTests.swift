import Foundation
import SpanscopeTestSupport
import Synchronization
import Testing
@testable import SpanscopeHTTP

@Suite struct LoadAndLifecycleTests {
    @Test func thousandConcurrentRequestsAcrossAllLoops() async throws {
        var router = Router()
        router.get("/sync/:n") { _, context in
            Response(headers: ["X-Loop": String(context.loopIndex)], text: context.parameters["n"]!)
        }
        router.get("/async/:n") { _, context in
            try await Task.sleep(for: .milliseconds(2))
            return Response(headers: ["X-Loop": String(context.loopIndex)], text: context.parameters["n"]!)
        }
        try await withServer(router, loops: 2) { server in
            let port = server.port
            let (answers, loops) = try await blocking { () -> ([String], Set<String>) in
                // Every request is sent before any answer is read: all 1,000 are in flight at once.
                let connections = try (0..<1000).map { _ in try RawConnection(port: port, timeout: 30) }
                for (index, connection) in connections.enumerated() {
                    connection.send("GET /\(index % 2 == 0 ? "sync" : "async")/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                }
                var answers: [String] = []
                var loops = Set<String>()
                for connection in connections {
                    let response = try connection.readResponse()
                    answers.append(response.text)
                    loops.insert(response.header("X-Loop") ?? "?")
                }
                return (answers, loops)
            }
            #expect(answers == (0..<1000).map(String.init))
            #expect(loops == ["0", "1"])
        }
    }

    @Test func clientsThatLeaveDuringASlowHandlerLeakNothing() async throws {
        let finished = Atomic<Int>(0)
        var router = Router()
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .milliseconds(300))
            finished.add(1, ordering: .relaxed)
            return Response(text: String(repeating: "x", count: 100_000))
        }
        router.get("/ok") { _, _ in Response(text: "ok") }
        try await withServer(router) { server in
            let port = server.port
            try await blocking {
                for _ in 0..<50 {
                    let connection = try RawConnection(port: port)
                    connection.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
                }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while finished.load(ordering: .relaxed) < 50 || server.requestsInFlight > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(finished.load(ordering: .relaxed) == 50)
            #expect(server.requestsInFlight == 0)
            let response = try await blocking { try RawConnection.request(port: port, "GET", "/ok") }
            #expect(response.text == "ok")
        }
    }

    @Test func gracefulShutdownLetsInFlightRequestsFinish() async throws {
        var router = Router()
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .milliseconds(400))
            return Response(text: "finished")
        }
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 2, shutdownGracePeriod: .seconds(5)), router: router)
        try server.start()
        let port = server.port
        let running = Task { try await server.run(handleSignals: false) }
        let slow = Task { try await blocking { try RawConnection.request(port: port, "GET", "/slow") } }
        while server.requestsInFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await server.shutdown()
        let response = try await slow.value
        #expect(response.status == 200)
        #expect(response.text == "finished")
        try await running.value
        #expect(throws: RawConnection.Failure.self) { try RawConnection(port: port) }
    }

    @Test func shutdownDeadlineCutsOffAHangingRequest() async throws {
        var router = Router()
        router.get("/hang") { _, _ in
            try await Task.sleep(for: .seconds(30))
            return Response(text: "late")
        }
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), router: router)
        try server.start()
        let port = server.port
        let hanging = Task { try await blocking { try RawConnection.request(port: port, "GET", "/hang") } }
        while server.requestsInFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let start = ContinuousClock.now
        await server.shutdown(gracePeriod: .milliseconds(200))
        #expect(ContinuousClock.now - start < .seconds(5))
        await #expect(throws: RawConnection.Failure.self) { try await hanging.value }
    }

    @Test func bindingATakenPortOrAnUnknownHostFailsClearly() throws {
        // A plain listener without SO_REUSEPORT holds the port exclusively.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(holder, $0, length)
                _ = getsockname(holder, $0, &length)
            }
        }
        listen(holder, 1)
        let takenPort = Int(UInt16(bigEndian: address.sin_port))
        #expect {
            try HTTPServer(configuration: ServerConfiguration(port: takenPort, loopCount: 2), router: Router()).start()
        } throws: { error in
            "\(error)".contains("cannot listen on 127.0.0.1:\(takenPort)")
        }
        #expect(throws: HTTPServerError.self) {
            try HTTPServer(configuration: ServerConfiguration(host: "no-such-host.invalid", port: 0, loopCount: 1), router: Router()).start()
        }
    }

    @Test func aSecondServerCannotShareTheFirstOnesPort() async throws {
        // Both would bind with SO_REUSEPORT; the second must still fail, not take half the connections.
        let first = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 2), router: Router())
        try first.start()
        #expect {
            try HTTPServer(configuration: ServerConfiguration(port: first.port, loopCount: 2), router: Router()).start()
        } throws: { error in
            "\(error)".contains("cannot listen on 127.0.0.1:\(first.port): Address already in use")
        }
        await first.shutdown()
    }
}
