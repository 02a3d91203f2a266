import Spanscope
import Testing
import Tracing

/// What `TracingOptions` changes: excluded paths, recorded and redacted headers, query
/// redaction and custom attributes.
@Suite struct TracingOptionsTests {
    @Test func excludedPathsGetNoSpanAndNoTraceHeaders() async throws {
        var options = TracingOptions()
        options.excludedPaths.append("/health/")
        let traced = try await TracedServer.with(options: options, routes: { router in
            for path in ["/debug/traces", "/debug/traces/active", "/health", "/health/deep", "/debug/tracesX", "/healthz"] {
                router.get(path) { _, _ in
                    // Nothing is bound for an excluded request: a span started here would be a root.
                    Response(text: ServiceContext.current?.spanContext == nil ? "unbound" : "bound")
                }
            }
        }) { server in
            for path in ["/debug/traces", "/debug/traces/active", "/health", "/health/deep", "/debug/traces?limit=5"] {
                let response = try await server.send(.get, path)
                #expect(response.status.code == 200)
                #expect(response.text == "unbound", "\(path)")
                #expect(response.headers["traceresponse"] == nil, "\(path)")
                #expect(response.headers["server-timing"] == nil, "\(path)")
                #expect(response.headers["Access-Control-Expose-Headers"] == nil, "\(path)")
            }
            // A path that only starts with the same letters is traced.
            var traced: [String] = []
            for path in ["/debug/tracesX", "/healthz"] {
                let response = try await server.send(.get, path)
                #expect(response.text == "bound", "\(path)")
                traced.append(try await server.serverSpan(answering: response).name)
            }
            return (traced, server.store.statistics().spansRecorded)
        }
        #expect(traced.0 == ["GET /debug/tracesX", "GET /healthz"])
        #expect(traced.1 == 2)
    }

    @Test func recordedHeadersAreStringArraysAndCredentialsAreRedacted() async throws {
        var options = TracingOptions()
        options.recordedRequestHeaders = ["X-Tenant", "authorization", "Cookie", "Proxy-Authorization", "Accept", "x-tenant"]
        options.recordedResponseHeaders = ["Set-Cookie", "Content-Type", "X-Cache", "traceresponse"]
        try await TracedServer.with(options: options, routes: { router in
            router.get("/account") { _, _ in
                Response(
                    headers: HTTPHeaders([("Set-Cookie", "session=s3cr3t"), ("Set-Cookie", "theme=dark"), ("X-Cache", "miss")]),
                    text: "account"
                )
            }
        }) { server in
            let response = try await server.send(.get, "/account", headers: [
                ("X-Tenant", "acme"), ("x-tenant", "globex"),
                ("Authorization", "Bearer abc.def"),
                ("Cookie", "session=s3cr3t"),
                ("Proxy-Authorization", "Basic Zm9vOmJhcg=="),
            ])
            let span = try await server.serverSpan(answering: response)
            #expect(span["http.request.header.x-tenant"] == .stringArray(["acme", "globex"]))
            #expect(span["http.request.header.authorization"] == .stringArray(["REDACTED"]))
            #expect(span["http.request.header.cookie"] == .stringArray(["REDACTED"]))
            #expect(span["http.request.header.proxy-authorization"] == .stringArray(["REDACTED"]))
            // A header the request did not have is not recorded at all.
            #expect(span["http.request.header.accept"] == nil)
            #expect(span["http.response.header.set-cookie"] == .stringArray(["REDACTED", "REDACTED"]))
            #expect(span["http.response.header.content-type"] == .stringArray(["text/plain; charset=utf-8"]))
            #expect(span["http.response.header.x-cache"] == .stringArray(["miss"]))
            #expect(span["http.response.header.traceresponse"] == .stringArray([try #require(response.headers["traceresponse"])]))
            // No recorded value holds a secret.
            let recorded = span.attributes.filter { $0.key.hasPrefix("http.request.header.") || $0.key.hasPrefix("http.response.header.") }
            #expect(!recorded.map(\.value.description).joined().contains("s3cr3t"))
            #expect(!recorded.map(\.value.description).joined().contains("abc.def"))
        }
    }

    @Test func sensitiveQueryValuesAreRedactedAndTheirNamesKept() async throws {
        var options = TracingOptions()
        options.redactedQueryParameters.insert("token")
        try await TracedServer.with(options: options, routes: { router in
            router.get("/download") { _, _ in Response(text: "file") }
        }) { server in
            let target = "/download?AWSAccessKeyId=AKIA&Signature=abc%3D&sig=s1&X-Goog-Signature=g&token=t0k&color=blue&flag&empty=&sign=kept"
            let span = try await server.serverSpan(answering: try await server.send(.get, target))
            #expect(
                span["url.query"]
                    == .string("AWSAccessKeyId=REDACTED&Signature=REDACTED&sig=REDACTED&X-Goog-Signature=REDACTED&token=REDACTED&color=blue&flag&empty=&sign=kept")
            )
        }
    }

    @Test func redactionListCanBeReplaced() {
        var options = TracingOptions()
        options.redactedQueryParameters = ["key"]
        #expect(options.redacting(query: "key=1&sig=2&KEY=3") == "key=REDACTED&sig=2&KEY=3")
        options.redactedQueryParameters = []
        #expect(options.redacting(query: "sig=2") == "sig=2")
        #expect(TracingOptions().redacting(query: "") == "")
        #expect(TracingOptions().redacting(query: "sig=a=b&&x") == "sig=REDACTED&&x")
    }

    @Test func customAttributesSeeTheRequestContextAndSpan() async throws {
        var options = TracingOptions()
        options.customAttributes = { request, context, span in
            span.setAttribute("tenant.id", .string(request.headers["X-Tenant"] ?? "none"))
            span.setAttribute("order.id", .string(context.parameters["id"] ?? "none"))
            span.attributes["app.generic"] = "through SpanAttributes"
        }
        try await TracedServer.with(options: options, routes: { router in
            router.get("/orders/:id") { _, _ in Response(text: "order") }
        }) { server in
            let span = try await server.serverSpan(answering: try await server.send(.get, "/orders/77", headers: [("X-Tenant", "acme")]))
            #expect(span["tenant.id"] == .string("acme"))
            #expect(span["order.id"] == .string("77"))
            #expect(span["app.generic"] == .string("through SpanAttributes"))
            // The standard attributes are all still there.
            #expect(span["http.route"] == .string("/orders/:id"))
            #expect(span["http.response.status_code"] == .int(200))
        }
    }
}
