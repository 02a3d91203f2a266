@testable import Spanscope
import SpanscopeTestSupport
import Testing
import W3CTraceContext

/// The server span's name, kind and attributes, as the stable HTTP semantic conventions
/// define them, from real requests to a real server.
@Suite struct ServerSpanAttributeTests {
    @Test func routedRequestHasTheConventionsNameAndEveryAttribute() async throws {
        try await TracedServer.with(routes: { router in
            router.post("/orders/:id/items") { _, _ in Response(status: .created, text: "added") }
        }) { server in
            let response = try await server.send(
                .post, "/orders/42/items?color=blue&size=L",
                headers: [("User-Agent", "spanscope-test/1.0")],
                body: #"{"item":"tea"}"#
            )
            #expect(response.status.code == 201)
            let span = try await server.serverSpan(answering: response)
            #expect(span.name == "POST /orders/:id/items")
            #expect(span.kind == .server)
            #expect(span.serviceName == "test-service")
            #expect(span.status == nil)
            #expect(span["http.request.method"] == .string("POST"))
            #expect(span["http.request.method_original"] == nil)
            #expect(span["url.path"] == .string("/orders/42/items"))
            #expect(span["url.scheme"] == .string("http"))
            #expect(span["url.query"] == .string("color=blue&size=L"))
            #expect(span["http.route"] == .string("/orders/:id/items"))
            #expect(span["http.response.status_code"] == .int(201))
            // The client sends `Host: 127.0.0.1:<port>`.
            #expect(span["server.address"] == .string("127.0.0.1"))
            #expect(span["server.port"] == .int(Int64(server.port)))
            #expect(span["client.address"] == .string("127.0.0.1"))
            #expect(span["network.peer.address"] == .string("127.0.0.1"))
            guard case .int(let peerPort)? = span["network.peer.port"] else {
                Issue.record("no network.peer.port")
                return
            }
            #expect(peerPort > 0 && peerPort != Int64(server.port))
            #expect(span["network.protocol.version"] == .string("1.1"))
            #expect(span["user_agent.original"] == .string("spanscope-test/1.0"))
            #expect(span["http.request.body.size"] == .int(14))
            #expect(span["http.response.body.size"] == .int(5))
            #expect(span["error.type"] == nil)
        }
    }

    @Test func unmatchedRequestIsNamedByItsMethodAlone() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/orders/:id") { _, _ in Response(text: "order") }
        }) { server in
            let notFound = try await server.send(.get, "/nowhere")
            #expect(notFound.status.code == 404)
            let span = try await server.serverSpan(answering: notFound)
            #expect(span.name == "GET")
            #expect(span["http.route"] == nil)
            #expect(span["url.path"] == .string("/nowhere"))
            #expect(span["url.query"] == nil)

            let notAllowed = try await server.send(.delete, "/orders/7")
            #expect(notAllowed.status.code == 405)
            let disallowed = try await server.serverSpan(answering: notAllowed)
            #expect(disallowed.name == "DELETE")
            #expect(disallowed["http.response.status_code"] == .int(405))
        }
    }

    @Test func unknownMethodIsOtherWithItsOriginalAndSpanNamedHTTP() async throws {
        try await TracedServer.with(routes: { router in
            router.on(HTTPMethod("PURGE"), "/cache/:key") { _, _ in Response(text: "purged") }
        }) { server in
            for (method, name, route) in [("PURGE", "HTTP /cache/:key", "/cache/:key"), ("get", "HTTP", nil)] {
                let answer = try await blocking {
                    try RawConnection.request(port: server.port, method, "/cache/k1", headers: [("Host", "shop.test")])
                }
                let traceResponse = try #require(answer.header("traceresponse").flatMap { try? TraceParent($0) })
                let trace = try await server.trace(traceResponse.traceID)
                let span = try #require(trace.spans.first { $0.spanID == traceResponse.parentID })
                #expect(span.name == name)
                #expect(span["http.request.method"] == .string("_OTHER"))
                #expect(span["http.request.method_original"] == .string(method))
                #expect(span["http.route"] == route.map(AttributeValue.string))
                #expect(span["server.address"] == .string("shop.test"))
                #expect(span["server.port"] == .int(80))
            }
        }
    }

    // The middleware reserves room for its own attributes by a count written by hand: a
    // request that gets every one of them must have exactly that many.
    @Test func aRequestWithEveryStandardAttributeHasTheReservedCount() async throws {
        try await TracedServer.with(routes: { router in
            router.on(HTTPMethod("PURGE"), "/cache/:key") { _, _ in Response(status: HTTPStatus(code: 503), text: "down") }
        }) { server in
            let answer = try await blocking {
                try RawConnection.request(
                    port: server.port, "PURGE", "/cache/k1?all=1",
                    headers: [("Host", "shop.test:8080"), ("User-Agent", "spanscope-test/1.0")]
                )
            }
            #expect(answer.status == 503)
            let traceResponse = try #require(answer.header("traceresponse").flatMap { try? TraceParent($0) })
            let trace = try await server.trace(traceResponse.traceID)
            let span = try #require(trace.spans.first { $0.spanID == traceResponse.parentID })
            #expect(span["http.request.method_original"] == .string("PURGE"))
            #expect(span["error.type"] == .string("503"))
            #expect(span.attributes.count == TracingMiddleware.standardAttributeCount)
        }
    }

    @Test func knownMethodsCanBeOverridden() async throws {
        var options = TracingOptions()
        options.knownMethods = ["GET", "PURGE"]
        try await TracedServer.with(options: options, routes: { router in
            router.on(HTTPMethod("PURGE"), "/cache/:key") { _, _ in Response(text: "purged") }
            router.post("/cache") { _, _ in Response(text: "stored") }
        }) { server in
            let purge = try await blocking {
                try RawConnection.request(port: server.port, "PURGE", "/cache/k1", headers: [("Host", "shop.test")])
            }
            let purged = try #require(purge.header("traceresponse").flatMap { try? TraceParent($0) })
            let purgeSpan = try #require(try await server.trace(purged.traceID).spans.first)
            #expect(purgeSpan.name == "PURGE /cache/:key")
            #expect(purgeSpan["http.request.method"] == .string("PURGE"))
            // The list replaces the default one: POST is no longer known.
            let post = try await server.serverSpan(answering: try await server.send(.post, "/cache"))
            #expect(post.name == "HTTP /cache")
            #expect(post["http.request.method"] == .string("_OTHER"))
            #expect(post["http.request.method_original"] == .string("POST"))
        }
    }

    @Test func clientAddressComesFromForwardedThenXForwardedFor() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/who") { _, _ in Response(text: "you") }
        }) { server in
            let cases: [([(String, String)], String)] = [
                ([("Forwarded", #"for="[2001:db8:cafe::17]:4711";proto=https, for=192.0.2.43"#)], "2001:db8:cafe::17"),
                ([("Forwarded", "For=192.0.2.60:8080;by=203.0.113.43")], "192.0.2.60"),
                ([("Forwarded", "by=203.0.113.43"), ("Forwarded", "for=198.51.100.17")], "198.51.100.17"),
                ([("X-Forwarded-For", "203.0.113.195, 70.41.3.18, 150.172.238.178")], "203.0.113.195"),
                ([("Forwarded", "for=192.0.2.43"), ("X-Forwarded-For", "203.0.113.195")], "192.0.2.43"),
                ([("Forwarded", "for=unknown"), ("X-Forwarded-For", "203.0.113.195")], "203.0.113.195"),
                ([("Forwarded", "for=unknown")], "127.0.0.1"),
            ]
            for (headers, expected) in cases {
                let span = try await server.serverSpan(answering: try await server.send(.get, "/who", headers: headers))
                #expect(span["client.address"] == .string(expected), "\(headers)")
                // The connection's peer is still the connection's peer.
                #expect(span["network.peer.address"] == .string("127.0.0.1"))
            }
        }
    }

    @Test func serverAddressAndSchemeFollowTheOriginalRequest() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/where") { _, _ in Response(text: "here") }
        }) { server in
            let cases: [([(String, String)], String, String, Int64)] = [
                ([("Host", "shop.example:8443")], "http", "shop.example", 8443),
                ([("Host", "[::1]:9000")], "http", "::1", 9000),
                ([("Host", "shop.example")], "http", "shop.example", 80),
                ([("Host", "internal:8080"), ("X-Forwarded-Host", "shop.example"), ("X-Forwarded-Proto", "https")], "https", "shop.example", 443),
                ([("Host", "internal:8080"), ("Forwarded", #"host="shop.example:444";proto=HTTPS"#), ("X-Forwarded-Host", "other.example")], "https", "shop.example", 444),
            ]
            for (headers, scheme, address, port) in cases {
                let span = try await server.serverSpan(answering: try await server.send(.get, "/where", headers: headers))
                #expect(span["url.scheme"] == .string(scheme), "\(headers)")
                #expect(span["server.address"] == .string(address), "\(headers)")
                #expect(span["server.port"] == .int(port), "\(headers)")
            }
        }
    }

    @Test func http10RequestWithoutHostHasNoServerAddress() async throws {
        try await TracedServer.with(routes: { router in
            router.get("/old") { _, _ in Response(text: "old") }
        }) { server in
            let answer = try await blocking {
                let connection = try RawConnection(port: server.port)
                connection.send("GET /old HTTP/1.0\r\n\r\n")
                return try connection.readResponse()
            }
            #expect(answer.status == 200)
            let traceResponse = try #require(answer.header("traceresponse").flatMap { try? TraceParent($0) })
            let span = try #require(try await server.trace(traceResponse.traceID).spans.first)
            #expect(span["network.protocol.version"] == .string("1.0"))
            #expect(span["server.address"] == nil)
            #expect(span["server.port"] == nil)
        }
    }
}
