import Foundation
import SpanscopeTestSupport
import Testing
@testable import SpanscopeHTTP

@Suite struct ServerRoutingTests {
    @Test func routesWithParametersOverHTTP() async throws {
        var router = Router()
        router.get("/api/orders/:id") { _, context in
            Response(headers: ["X-Route": context.route ?? "-"], text: "order \(context.parameters["id"] ?? "?")")
        }
        try await withServer(router) { server in
            let response = try await blocking { [port = server.port] in try RawConnection.request(port: port, "GET", "/api/orders/42?x=1") }
            #expect(response.status == 200)
            #expect(response.text == "order 42")
            #expect(response.header("X-Route") == "/api/orders/:id")
        }
    }

    @Test func notFoundAndMethodNotAllowed() async throws {
        var router = Router()
        router.get("/a") { _, _ in Response(text: "a") }
        router.put("/a") { _, _ in Response(text: "a") }
        try await withServer(router) { server in
            let port = server.port
            let missing = try await blocking { try RawConnection.request(port: port, "GET", "/b") }
            #expect(missing.status == 404)
            let wrong = try await blocking { try RawConnection.request(port: port, "POST", "/a", body: "x") }
            #expect(wrong.status == 405)
            #expect(wrong.header("Allow") == "GET, HEAD, PUT")
            let options = try await blocking { try RawConnection.request(port: port, "OPTIONS", "/a") }
            #expect(options.status == 204)
            #expect(options.header("Allow") == "GET, HEAD, PUT")
        }
    }

    @Test func everyMethodReachesTheRouter() async throws {
        var router = Router()
        for method in ["PATCH", "OPTIONS", "PURGE", "PROPFIND", "TRACE"] {
            router.on(HTTPMethod(method), "/m") { request, _ in Response(text: request.method.rawValue) }
        }
        try await withServer(router) { server in
            let port = server.port
            for method in ["PATCH", "OPTIONS", "PURGE", "PROPFIND", "TRACE"] {
                let response = try await blocking { try RawConnection.request(port: port, method, "/m") }
                #expect(response.status == 200, "\(method)")
                #expect(response.text == method)
            }
            // Two unknown methods in a row on one keep-alive connection keep their own tokens.
            let pair = try await blocking { () -> [String] in
                let connection = try RawConnection(port: port)
                connection.send("PURGE /m HTTP/1.1\r\nHost: x\r\n\r\n")
                let first = try connection.readResponse().text
                connection.send("PROPFIND /m HTTP/1.1\r\nHost: x\r\n\r\n")
                return [first, try connection.readResponse().text]
            }
            #expect(pair == ["PURGE", "PROPFIND"])
        }
    }

    @Test func headAnswersWithoutBody() async throws {
        var router = Router()
        router.get("/doc") { _, _ in Response(text: "twelve bytes") }
        try await withServer(router) { server in
            let port = server.port
            let response = try await blocking { () -> (RawConnection.Response, RawConnection.Response) in
                let connection = try RawConnection(port: port)
                connection.send("HEAD /doc HTTP/1.1\r\nHost: x\r\n\r\n")
                let head = try connection.readResponse(head: true)
                // The next response on the connection must start right away: no stray body bytes.
                connection.send("GET /doc HTTP/1.1\r\nHost: x\r\n\r\n")
                return (head, try connection.readResponse())
            }
            #expect(response.0.status == 200)
            #expect(response.0.header("Content-Length") == "12")
            #expect(response.1.text == "twelve bytes")
        }
    }
}
