import Foundation
import SpanscopeTestSupport
import Testing
@testable import SpanscopeHTTP

@Suite struct HandlerTests {
    struct Item: Codable, Equatable {
        var id: Int
        var name: String
        var tags: [String]
    }

    @Test func synchronousHandlersRunOnTheLoopThread() async throws {
        var router = Router()
        router.get("/sync") { _, _ in Response(text: Thread.current.name ?? "") }
        router.get("/async") { _, _ in
            try await Task.sleep(for: .milliseconds(1))
            return Response(text: "async")
        }
        try await withServer(router) { server in
            let port = server.port
            let sync = try await blocking { try RawConnection.request(port: port, "GET", "/sync") }
            #expect(sync.text.hasPrefix("spanscope-"))
            let async = try await blocking { try RawConnection.request(port: port, "GET", "/async") }
            #expect(async.text == "async")
        }
    }

    @Test func jsonRoundTrip() async throws {
        var router = Router()
        router.post("/items") { request, _ in
            var item = try request.decode(Item.self)
            item.id += 1
            return try .json(item, status: .created)
        }
        try await withServer(router) { server in
            let port = server.port
            let sent = Item(id: 1, name: "ünïcode \"quoted\"", tags: ["a", "b"])
            let body = String(decoding: try JSONEncoder().encode(sent), as: UTF8.self)
            let response = try await blocking { try RawConnection.request(port: port, "POST", "/items", headers: [("Content-Type", "application/json")], body: body) }
            #expect(response.status == 201)
            #expect(response.header("Content-Type") == "application/json")
            #expect(try JSONDecoder().decode(Item.self, from: Data(response.body)) == Item(id: 2, name: sent.name, tags: ["a", "b"]))
            let broken = try await blocking { try RawConnection.request(port: port, "POST", "/items", body: "{\"id\": ") }
            #expect(broken.status == 400)
            #expect(broken.text == "invalid JSON body\n")
        }
    }

    @Test func repeatedHeadersArriveInOrder() async throws {
        var router = Router()
        router.get("/echo") { request, _ in
            var response = Response(text: request.headers.values(for: "x-a").joined(separator: "|"))
            for value in request.headers.values(for: "tracestate") { response.headers.add("X-Echo", value) }
            return response
        }
        try await withServer(router) { server in
            let port = server.port
            let response = try await blocking {
                try RawConnection.request(port: port, "GET", "/echo", headers: [("X-A", "1"), ("tracestate", "a=1"), ("x-a", "2"), ("X-B", "b"), ("X-a", "3"), ("TraceState", "b=2")])
            }
            #expect(response.text == "1|2|3")
            #expect(response.headers("X-Echo") == ["a=1", "b=2"])
        }
    }

    @Test func errorsBecomeResponsesWithoutInternals() async throws {
        struct Secret: Error { let password = "hunter2" }
        var router = Router()
        router.get("/boom") { _, _ in throw Secret() }
        router.get("/boom-async") { _, _ in
            try await Task.sleep(for: .milliseconds(1))
            throw Secret()
        }
        router.get("/teapot") { _, _ in throw HTTPError(HTTPStatus(code: 418), "short and stout") }
        try await withServer(router) { server in
            let port = server.port
            for path in ["/boom", "/boom-async"] {
                let response = try await blocking { try RawConnection.request(port: port, "GET", path) }
                #expect(response.status == 500)
                #expect(!response.text.contains("hunter2") && !response.text.contains("Secret"))
            }
            let teapot = try await blocking { try RawConnection.request(port: port, "GET", "/teapot") }
            #expect(teapot.status == 418)
            #expect(teapot.text == "short and stout\n")
        }
    }

    @Test func streamingBodyIsChunked() async throws {
        var router = Router()
        router.get("/events") { _, _ in
            Response(headers: ["Content-Type": "text/event-stream"]) { writer in
                for index in 0..<3 {
                    try await writer.write("data: \(index)\n\n")
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
        }
        try await withServer(router) { server in
            let port = server.port
            let response = try await blocking { try RawConnection.request(port: port, "GET", "/events") }
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.text == "data: 0\n\ndata: 1\n\ndata: 2\n\n")
            // The exchange is complete; nothing is left in flight.
            try await Task.sleep(for: .milliseconds(50))
            #expect(server.requestsInFlight == 0)
        }
    }
}
