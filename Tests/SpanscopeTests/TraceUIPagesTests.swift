import Foundation
import Testing

@testable import Spanscope

/// The trace UI's pages and assets over real HTTP: security headers on every page, assets
/// identical to `Public/` with their types and caching, server-side escaping of span strings.
@Suite struct TraceUIPagesTests {
    static let prefix = "/debug/traces"
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixture traces, recorded once for the suite: the tests only read them.
    static let store = TraceUIFixture.makeStore()

    /// Runs `body` against a server whose router mounts the trace UI over the fixture store.
    func withUI(_ ui: TraceUI = TraceUI(store: Self.store), _ body: (HTTPClient, String) async throws -> Void) async throws {
        var router = Router()
        ui.register(on: &router)
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), router: router)
        try server.start()
        let client = HTTPClient()
        do {
            try await body(client, "http://127.0.0.1:\(server.port)\(Self.prefix)/ui")
        } catch {
            await client.shutdown()
            await server.shutdown()
            throw error
        }
        await client.shutdown()
        await server.shutdown()
    }

    @Test func everyPageSendsTheStrictPolicy() async throws {
        try await withUI { client, ui in
            for path in ["", "/routes", "/live", "/trace/\(TraceUIFixture.checkout)", "/trace/\(TraceUIFixture.hostile)",
                         "/trace/\(String(repeating: "0", count: 31))1", "/trace/not-hex"] {
                let response = try await client.get(ui + path)
                #expect(response.headers["Content-Type"] == "text/html; charset=utf-8", "\(path)")
                let policy = try #require(response.headers["Content-Security-Policy"], "\(path)")
                for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                                  "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "require-trusted-types-for 'script'"] {
                    #expect(policy.contains(directive), "\(path): \(directive)")
                }
                #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
                #expect(response.headers["X-Content-Type-Options"] == "nosniff", "\(path)")
                #expect(response.headers["Referrer-Policy"] == "no-referrer", "\(path)")
                #expect(response.headers["Cache-Control"] == "no-store", "\(path)")
                // No inline script and no inline style: the policy would block them.
                let html = response.text
                #expect(!html.contains(" style="), "\(path)")
                #expect(html.components(separatedBy: "<script").dropFirst().allSatisfy { $0.hasPrefix(" src=") || $0.hasPrefix(" type=\"module\" src=") || $0.hasPrefix(" id=\"trace-data\" type=\"application/json\"") }, "\(path)")
            }
        }
    }

    @Test func unknownAndMalformedTraceIDs() async throws {
        try await withUI { client, ui in
            let unknown = try await client.get(ui + "/trace/" + String(repeating: "0", count: 31) + "1")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("No such trace"))
            for (bad, reason) in [("not-hex", "32 hex digits"), (String(repeating: "a", count: 33), "32 hex digits"),
                                  (String(repeating: "0", count: 32), "all-zero")] {
                let response = try await client.get(ui + "/trace/" + bad)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.text.contains("Not a trace-id") && response.text.contains(reason), "\(bad)")
            }
        }
    }

    /// `Public/` is the only source of truth: every file of it is served as it is on disk.
    @Test func assetsAreTheFilesOfPublic() async throws {
        let folder = Self.packageRoot.appendingPathComponent("Public")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "README.md" }.sorted()
        #expect(names == EmbeddedUIFiles.assets.keys.sorted())
        let types = ["js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "svg": "image/svg+xml"]
        try await withUI { client, ui in
            let base = ui + "/assets/" + EmbeddedUIFiles.assetsVersion + "/"
            for name in names {
                let response = try await client.get(base + name)
                #expect(response.status == .ok, "\(name)")
                #expect(response.body == [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))), "\(name)")
                #expect(response.headers["Content-Type"] == types[URL(fileURLWithPath: name).pathExtension], "\(name)")
                #expect(response.headers["Cache-Control"] == "public, max-age=31536000, immutable", "\(name)")
                #expect(response.headers["X-Content-Type-Options"] == "nosniff", "\(name)")
                let tag = try #require(response.headers["ETag"])
                let again = try await client.get(base + name, headers: ["If-None-Match": tag])
                #expect(again.status == .notModified, "\(name)")
                #expect(again.body.isEmpty)
            }
            // A page of an older build still gets its files, revalidated on every use.
            let stale = try await client.get(ui + "/assets/0000000000000000/trace-page.js")
            #expect(stale.status == .ok)
            #expect(stale.headers["Cache-Control"] == "no-cache")
            #expect(try await client.get(base + "missing.js").status == .notFound)
            #expect(try await client.get(base + "../Package.swift").status == .notFound)
        }
    }

    @Test func everyTemplateIsEmbedded() throws {
        let folder = Self.packageRoot.appendingPathComponent("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }.sorted()
        #expect(names == EmbeddedUIFiles.templates.keys.sorted())
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name + ".mustache"), encoding: .utf8)
            #expect(EmbeddedUIFiles.templates[name] == text, "\(name)")
        }
    }

    /// Every page links the assets of the build it came from.
    @Test func pagesLinkTheCurrentAssets() async throws {
        try await withUI { client, ui in
            let html = try await client.get(ui).text
            #expect(html.contains("\(Self.prefix)/ui/assets/\(EmbeddedUIFiles.assetsVersion)/spanscope.css"))
            #expect(html.contains("\(Self.prefix)/ui/assets/\(EmbeddedUIFiles.assetsVersion)/list-page.js"))
        }
    }

    /// Names, attributes, events, routes and services come back as text, never as markup.
    @Test func spanStringsAreEscapedOnTheServer() async throws {
        try await withUI { client, ui in
            let trace = try await client.get(ui + "/trace/\(TraceUIFixture.hostile)").text
            let routes = try await client.get(ui + "/routes").text
            let list = try await client.get(ui + "?service=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E").text
            for (page, html) in [("trace", trace), ("routes", routes), ("list", list)] {
                for payload in TraceUIFixture.payloads + ["<script>alert(1)</script>"] {
                    #expect(!html.contains(payload), "\(page) holds \(payload) unescaped")
                }
                #expect(!html.contains("<img src=x"), "\(page)")
                #expect(!html.contains("<svg onload"), "\(page)")
            }
            #expect(trace.contains("&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;"))
            #expect(routes.contains("&quot;&gt;&lt;svg onload=&quot;window.__pwned=3&quot;&gt;"))
            #expect(list.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
            // The trace's JSON data block cannot be closed from inside.
            let data = try #require(trace.range(of: "<script id=\"trace-data\" type=\"application/json\">"))
            let block = trace[data.upperBound...].prefix { $0 != "<" }
            #expect(block.contains("\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e"))
        }
    }

    /// The routes page is rendered on the server from the store's statistics.
    @Test func routesPageShowsTheStatistics() async throws {
        try await withUI { client, ui in
            let html = try await client.get(ui + "/routes").text
            #expect(html.contains("/checkout"))
            // Six checkout traces: one failed.
            #expect(html.contains("<td class=\"num\">6</td>"))
            #expect(html.contains("(17%)"))
            // Bucket cells open exemplar traces of the route.
            #expect(html.contains("href=\"\(Self.prefix)/ui/trace/\(TraceUIFixture.typical[0])\""))
        }
    }

    @Test func tracePageCarriesTheFindingsAndDownloads() async throws {
        try await withUI { client, ui in
            let html = try await client.get(ui + "/trace/\(TraceUIFixture.checkout)").text
            #expect(html.contains("data-kind=\"nPlusOne\""))
            #expect(html.contains("data-kind=\"errorCause\""))
            #expect(html.contains("href=\"#span=\(TraceUIFixture.queries[0])\""))
            for format in ["download=1", "format=otlp&amp;download=1", "format=jaeger&amp;download=1", "format=zipkin&amp;download=1", "format=text&amp;download=1"] {
                #expect(html.contains("href=\"\(Self.prefix)/\(TraceUIFixture.checkout)?\(format)\""), "\(format)")
            }
            // The typical trace of the route: the median of the healthy ones.
            #expect(html.contains("data-typical=\"\(TraceUIFixture.typical[2])\""))
        }
    }

    /// What Chromium sends when it navigates to a page.
    static let browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

    /// A browser opening the API's URLs lands on the pages; scripts keep getting JSON there.
    @Test func browsersAreSentToThePages() async throws {
        try await withUI { client, ui in
            let api = String(ui.dropLast("/ui".count))
            let list = try await client.get(api + "?status=error&minDuration=1ms", headers: ["Accept": Self.browserAccept])
            #expect(list.status.code == 303)
            #expect(list.headers["Location"] == Self.prefix + "/ui?status=error&minDuration=1ms")
            let trace = try await client.get(api + "/\(TraceUIFixture.checkout)", headers: ["Accept": Self.browserAccept])
            #expect(trace.status.code == 303)
            #expect(trace.headers["Location"] == Self.prefix + "/ui/trace/\(TraceUIFixture.checkout)")
            // Qualities decide, the most specific range of each type counting: HTML at 1 via text/*, JSON at 0.5.
            let ranked = try await client.get(api + "/\(TraceUIFixture.checkout)", headers: ["Accept": "text/*, application/json;q=0.5"])
            #expect(ranked.status.code == 303)
            // Downloads, scripts and curl get the API's answer, which varies by Accept.
            for (path, accept) in [("/\(TraceUIFixture.checkout)?format=otlp&download=1", Self.browserAccept),
                                   ("/\(TraceUIFixture.checkout)?download=1", Self.browserAccept),
                                   ("/\(TraceUIFixture.checkout)", "*/*"), ("", "application/json"), ("", "*/*"),
                                   ("", "text/html;q=0, application/json"), ("", "application/json, text/html;q=0.5"),
                                   ("", "text/*;q=0.5, application/*")] {
                let response = try await client.get(api + path, headers: ["Accept": accept])
                #expect(response.status == .ok, "\(path) \(accept)")
                #expect(response.headers["Vary"] == "Accept", "\(path) \(accept)")
                #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true, "\(path) \(accept)")
            }
            // A refused search varies by Accept too: a browser would have been sent to the page.
            let refused = try await client.get(api + "?minDuration=soon", headers: ["Accept": "application/json"])
            #expect(refused.status == .badRequest)
            #expect(refused.headers["Vary"] == "Accept")
        }
    }

    /// The pages and their assets answer whom the JSON API answers, and no one else.
    @Test func pagesKeepTheAccessRule() async throws {
        try await withUI(TraceUI(store: Self.store, access: .bearerToken("s3cret"))) { client, ui in
            for path in ["", "/routes", "/live", "/trace/\(TraceUIFixture.checkout)", "/assets/\(EmbeddedUIFiles.assetsVersion)/spanscope.css"] {
                let refused = try await client.get(ui + path)
                #expect(refused.status == .unauthorized, "\(path)")
                #expect(refused.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true, "\(path)")
                #expect(!refused.text.contains("GET /checkout"), "\(path)")
                let allowed = try await client.get(ui + path, headers: ["Authorization": "Bearer s3cret"])
                #expect(allowed.status == .ok, "\(path)")
            }
            // Access is checked before anything else: a refused browser is not told where the pages are.
            let api = String(ui.dropLast("/ui".count))
            for path in ["", "/\(TraceUIFixture.checkout)"] {
                let refused = try await client.get(api + path, headers: ["Accept": Self.browserAccept])
                #expect(refused.status == .unauthorized, "\(path)")
                #expect(refused.headers["Location"] == nil, "\(path)")
            }
        }
    }

    /// What the tracing middleware redacts reaches the pages redacted: the page shows the
    /// span as stored and nothing else.
    @Test func redactedValuesStayRedacted() async throws {
        let store = TraceStore()
        var options = TracingOptions()
        options.recordedRequestHeaders = ["Authorization"]
        var router = Router()
        router.add(middleware: TracingMiddleware(serviceName: "shop", store: store, options: options))
        router.get("/pay") { _, _ in Response(text: "paid") }
        TraceUI(store: store).register(on: &router)
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), router: router)
        try server.start()
        let client = HTTPClient()
        let base = "http://127.0.0.1:\(server.port)"
        _ = try await client.get(base + "/pay?sig=topsecret&color=blue", headers: ["Authorization": "Bearer hunter2"])
        var traces: [TraceSummary] = []
        for _ in 0..<200 where traces.isEmpty {
            traces = store.query(TraceQuery(route: "/pay"))
            if traces.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        let trace = try #require(traces.first)
        let page = try await client.get(base + "\(Self.prefix)/ui/trace/\(trace.traceID)").text
        await client.shutdown()
        await server.shutdown()
        #expect(page.contains(#""url.query":"sig=REDACTED\u0026color=blue""#))
        #expect(page.contains(#""http.request.header.authorization":["REDACTED"]"#))
        #expect(!page.contains("topsecret"))
        #expect(!page.contains("hunter2"))
    }
}
