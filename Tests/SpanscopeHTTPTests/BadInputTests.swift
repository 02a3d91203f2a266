import Foundation
import SpanscopeTestSupport
import Testing
@testable import SpanscopeHTTP

@Suite struct BadInputTests {
    func router() -> Router {
        var router = Router()
        router.get("/ok") { _, _ in Response(text: "ok") }
        router.post("/upload") { request, _ in Response(text: "\(request.body.count)") }
        return router
    }

    /// Sends raw bytes on a new connection and reads the answer.
    func exchange(_ port: Int, _ bytes: [UInt8]) async throws -> RawConnection.Response {
        try await blocking {
            let connection = try RawConnection(port: port)
            connection.send(bytes)
            return try connection.readResponse()
        }
    }

    func stillServes(_ port: Int) async throws {
        let response = try await blocking { try RawConnection.request(port: port, "GET", "/ok") }
        #expect(response.text == "ok")
    }

    @Test func brokenRequestLineIs400() async throws {
        try await withServer(router()) { server in
            for line in ["GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /ok HTTP/9.x\r\n\r\n", "GET /ok HTTP/1.1\r\nNo-Colon-Here\r\n\r\n"] {
                let response = try await exchange(server.port, Array(line.utf8))
                #expect(response.status == 400, "\(line.debugDescription)")
                try await stillServes(server.port)
            }
        }
    }

    /// libevent 2.1 refuses oversized headers itself, with 400, before the server's callback runs.
    @Test func tooManyHeaderBytesAreRefused() async throws {
        var limits = ServerConfiguration.Limits()
        limits.maxHeaderBytes = 4096
        try await withServer(router(), limits: limits) { server in
            let big = "GET /ok HTTP/1.1\r\nHost: x\r\n" + (0..<100).map { "X-Filler-\($0): \(String(repeating: "v", count: 100))\r\n" }.joined() + "\r\n"
            let response = try await exchange(server.port, Array(big.utf8))
            #expect(response.status == 400)
            try await stillServes(server.port)
        }
    }

    @Test func tooLargeBodyIs413() async throws {
        var limits = ServerConfiguration.Limits()
        limits.maxBodyBytes = 1024
        try await withServer(router(), limits: limits) { server in
            let body = String(repeating: "b", count: 4096)
            let response = try await exchange(server.port, Array("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n\(body)".utf8))
            #expect(response.status == 413)
            let chunked = try await exchange(server.port, Array("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n\(body)\r\n0\r\n\r\n".utf8))
            #expect(chunked.status == 413)
            let fits = try await blocking { [port = server.port] in try RawConnection.request(port: port, "POST", "/upload", body: String(repeating: "b", count: 1000)) }
            #expect(fits.text == "1000")
        }
    }

    @Test func randomBytesAreRefusedAndServingGoesOn() async throws {
        try await withServer(router()) { server in
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<20 {
                var bytes = (0..<Int.random(in: 1...512, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                bytes += Array("\r\n\r\n".utf8)
                let payload = bytes
                let port = server.port
                // Random bytes get a 400 or a closed connection; never a success, never a crash.
                let status = try await blocking { () -> Int? in
                    let connection = try RawConnection(port: port, timeout: 5)
                    connection.send(payload)
                    return try? connection.readResponse().status
                }
                if let status { #expect(status == 400) }
            }
            try await stillServes(server.port)
            #expect(server.requestsInFlight == 0)
        }
    }

    @Test func slowClientTimesOut() async throws {
        var limits = ServerConfiguration.Limits()
        limits.readTimeout = .seconds(1)
        try await withServer(router(), limits: limits) { server in
            let port = server.port
            let (closed, elapsed) = try await blocking { () -> (Bool, Double) in
                let connection = try RawConnection(port: port, timeout: 6)
                let start = Date()
                connection.send("GET /ok HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                return (connection.isClosedByPeer(), Date().timeIntervalSince(start))
            }
            #expect(closed)
            #expect(elapsed < 5)
            try await stillServes(port)
        }
    }
}
