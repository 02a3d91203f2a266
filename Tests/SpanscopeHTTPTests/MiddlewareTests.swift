import SpanscopeTestSupport
import Synchronization
import Testing
@testable import SpanscopeHTTP

/// Records its name before and after the rest of the chain, in both modes.
struct Mark: SynchronousMiddleware {
    let name: String

    func handle(_ request: Request, context: RequestContext, next: SynchronousNext) throws -> Response {
        after(try next(before(request), context))
    }

    func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        after(try await next(before(request), context))
    }

    private func before(_ request: Request) -> Request {
        var request = request
        request.headers.add("X-Path", "\(name)>")
        return request
    }

    private func after(_ response: Response) -> Response {
        var response = response
        response.headers.add("X-Path", "<\(name)")
        return response
    }
}

struct Gate: Middleware {
    func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        guard request.headers["X-Key"] == "open" else { return Response(status: .unauthorized, text: "closed\n") }
        return try await next(request, context)
    }
}

@Suite struct MiddlewareTests {
    @Test func middlewaresRunInOrderAroundTheHandler() async throws {
        var router = Router()
        router.add(middleware: Mark(name: "outer"))
        router.add(middleware: Mark(name: "inner"))
        router.get("/sync") { request, _ in Response(headers: ["X-Seen": request.headers.values(for: "X-Path").joined()], text: "ok") }
        router.get("/async") { request, _ in
            await Task.yield()
            return Response(headers: ["X-Seen": request.headers.values(for: "X-Path").joined()], text: "ok")
        }
        try await withServer(router) { server in
            let port = server.port
            for path in ["/sync", "/async", "/missing"] {
                let response = try await blocking { try RawConnection.request(port: port, "GET", path) }
                #expect(response.headers("X-Path") == ["<inner", "<outer"], "\(path)")
                if path != "/missing" { #expect(response.header("X-Seen") == "outer>inner>") }
            }
        }
    }

    @Test func middlewareCanShortCircuit() async throws {
        let calls = Atomic<Int>(0)
        var router = Router()
        router.add(middleware: Gate())
        router.get("/guarded") { _, _ in
            calls.add(1, ordering: .relaxed)
            return Response(text: "in")
        }
        try await withServer(router) { server in
            let port = server.port
            let refused = try await blocking { try RawConnection.request(port: port, "GET", "/guarded") }
            #expect(refused.status == 401)
            #expect(calls.load(ordering: .relaxed) == 0)
            let admitted = try await blocking { try RawConnection.request(port: port, "GET", "/guarded", headers: [("X-Key", "open")]) }
            #expect(admitted.text == "in")
            #expect(calls.load(ordering: .relaxed) == 1)
        }
    }

    @Test func synchronousChainIsUsedOnlyWhenEveryMiddlewareIsSynchronous() {
        var router = Router()
        router.add(middleware: Mark(name: "a"))
        #expect(Responder(router: router).synchronousChain?.count == 1)
        router.add(middleware: Gate())
        #expect(Responder(router: router).synchronousChain == nil)
    }
}
