import Testing
@testable import SpanscopeHTTP

@Suite struct RouterTests {
    func router() -> Router {
        var router = Router()
        router.get("/api/orders") { _, _ in Response(text: "list") }
        router.get("/api/orders/:id") { _, _ in Response(text: "one") }
        router.delete("/api/orders/:id") { _, _ in Response(text: "gone") }
        router.get("/api/orders/special") { _, _ in Response(text: "special") }
        router.get("/api/orders/:id/items/:item") { _, _ in Response(text: "item") }
        router.get("/static/*") { _, _ in Response(text: "file") }
        router.get("/files/*path") { _, _ in Response(text: "file") }
        return router
    }

    func template(_ method: HTTPMethod, _ path: Substring) -> (String?, Parameters) {
        if case .found(_, let template, let parameters) = router().match(method, path: path) { return (template, parameters) }
        return (nil, Parameters())
    }

    @Test func namedParametersAreDecoded() {
        let (template, parameters) = template(.get, "/api/orders/a%20b/items/7")
        #expect(template == "/api/orders/:id/items/:item")
        #expect(parameters["id"] == "a b")
        #expect(parameters["item"] == "7")
    }

    @Test func staticSegmentWinsOverParameter() {
        #expect(template(.get, "/api/orders/special").0 == "/api/orders/special")
        #expect(template(.get, "/api/orders/42").0 == "/api/orders/:id")
    }

    @Test func trailingSlashRoutesLikeWithout() {
        #expect(template(.get, "/api/orders/").0 == "/api/orders")
    }

    @Test func wildcardTailTakesTheRest() {
        let (template, parameters) = template(.get, "/static/css/site.css")
        #expect(template == "/static/*")
        #expect(parameters["*"] == "css/site.css")
        #expect(self.template(.get, "/files/a/b").1["path"] == "a/b")
    }

    @Test func headFallsBackToGet() {
        #expect(template(.head, "/api/orders/1").0 == "/api/orders/:id")
    }

    @Test func otherMethodOnKnownPathIs405WithAllow() {
        guard case .methodNotAllowed(let allowed) = router().match(.post, path: "/api/orders/1") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed.map(\.rawValue) == ["DELETE", "GET", "HEAD"])
    }

    @Test func unknownPathIs404() {
        guard case .notFound = router().match(.get, path: "/api/nothing") else {
            Issue.record("expected 404")
            return
        }
        guard case .notFound = router().match(.get, path: "/api") else {
            Issue.record("a prefix of a route is no route")
            return
        }
    }

    @Test func queryItemsDecodeInOrder() {
        let request = Request(method: .get, uri: "/x?tag=a&q=hello+world&tag=b%2Fc&flag")
        #expect(request.path == "/x")
        #expect(request.query == "tag=a&q=hello+world&tag=b%2Fc&flag")
        #expect(request.queryItems["q"] == "hello world")
        #expect(request.queryItems.values(for: "tag") == ["a", "b/c"])
        #expect(request.queryItems["flag"] == "")
    }

    @Test func headersAreCaseInsensitiveAndKeepOrder() {
        var headers = HTTPHeaders()
        headers.add("X-A", "1")
        headers.add("x-b", "2")
        headers.add("x-a", "3")
        #expect(headers.values(for: "X-a") == ["1", "3"])
        #expect(headers["X-B"] == "2")
        #expect(headers.combinedValue(for: "X-A") == "1,3")
        #expect(headers.combinedValue(for: "x-b") == "2")
        #expect(headers.combinedValue(for: "x-c") == nil)
        headers.set("X-A", "4")
        #expect(headers.values(for: "x-a") == ["4"])
        #expect(headers.fields.map(\.name) == ["X-A", "x-b"])
        headers.set("x-c", "5")
        #expect(headers.fields.map(\.value) == ["4", "2", "5"])
        #expect(!HTTPHeaders.namesEqual("a-", "a\r"))
        #expect(HTTPHeaders.namesEqual("TraceParent", "traceparent"))
        #expect(!HTTPHeaders.namesEqual("traceparent", "traceparenT2"))
        // Names too long to be stored inline in a String.
        #expect(HTTPHeaders.namesEqual("Access-Control-Expose-Headers", "access-control-expose-headers"))
        #expect(!HTTPHeaders.namesEqual("Access-Control-Expose-Headers", "access-control-expose-headerz"))
    }

    @Test func setReplacesEveryLineOfTheName() {
        var headers: HTTPHeaders = [
            "a": "0", "TraceState": "1", "b": "2", "tracestate": "3", "TRACESTATE": "4", "c": "5",
        ]
        headers.set("tracestate", "new")
        #expect(headers.fields.map(\.name) == ["a", "tracestate", "b", "c"])
        #expect(headers.fields.map(\.value) == ["0", "new", "2", "5"])
        #expect(headers.combinedValue(for: "TraceState") == "new")
    }

    @Test func headerNamesAreTokensAndValuesCannotForgeLines() {
        #expect(HTTPHeaders.isValidName("X-Tenant_1.v2!#$%&'*+^`|~"))
        for name in ["", "X Tenant", "X:Tenant", "Tenänt", "a\r", "(x)", "a/b"] {
            #expect(!HTTPHeaders.isValidName(name), "\(name)")
        }
        #expect(HTTPHeaders.isValidValue(""))
        #expect(HTTPHeaders.isValidValue("tenant 7; q=\"1\"\tÜ"))
        for value in ["a\rb", "a\nb", "a\u{0}b", "a\r\nInjected: 1"] {
            #expect(!HTTPHeaders.isValidValue(value), "\(value.debugDescription)")
        }
    }
}
