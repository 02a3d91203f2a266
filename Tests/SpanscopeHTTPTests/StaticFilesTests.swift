import Foundation
import Testing

@testable import SpanscopeHTTP

/// A served folder `root` inside `base`, next to files that must never be served.
private struct Fixture {
    let base: URL
    var root: URL { base.appendingPathComponent("root") }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("static-\(UUID().uuidString)")
        let files: [String: String] = [
            "root/index.html": "<h1>home</h1>", "root/app.js": "run()", "root/module.mjs": "export {}",
            "root/style.css": "b{}", "root/data.json": "{}", "root/logo.svg": "<svg/>", "root/image.png": "png",
            "root/font.woff2": "woff", "root/notes.txt": "notes", "root/blob.unknown": "?", "root/docs/index.html": "docs",
            "root/sub/file.txt": "inside", "root/%2e%2e": "literal name", "Package.swift": "secret", "outside/secret.txt": "secret",
        ]
        for (path, text) in files {
            let url = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createSymbolicLink(atPath: root.path + "/escape.txt", withDestinationPath: base.path + "/outside/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/escape", withDestinationPath: base.path + "/outside")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/alias.txt", withDestinationPath: root.path + "/sub/file.txt")
    }

    func remove() { try? FileManager.default.removeItem(at: base) }
}

private extension Response {
    var bytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Routes `path` through a real router to `files.handler`, as the server would.
private func routed(_ files: StaticFiles, _ path: String, method: HTTPMethod = .get, headers: HTTPHeaders = [:]) throws -> Response {
    var router = Router()
    router.get("/static/*", files.handler)
    let request = Request(method: method, uri: path, headers: headers)
    guard case .found(.synchronous(let handler), let template, let parameters) = router.match(method, path: request.path) else {
        throw HTTPError(.notFound, "no route")
    }
    return try handler(request, RequestContext(route: template, parameters: parameters))
}

/// The status `routed` answers with, thrown errors included.
private func status(_ files: StaticFiles, _ path: String) -> Int {
    do {
        return try routed(files, path).status.code
    } catch let error as HTTPError {
        return error.status.code
    } catch {
        return -1
    }
}

@Suite struct StaticFilesTests {
    @Test(arguments: [
        ("/static/index.html", "text/html; charset=utf-8"), ("/static/app.js", "text/javascript; charset=utf-8"),
        ("/static/module.mjs", "text/javascript; charset=utf-8"), ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/data.json", "application/json"), ("/static/logo.svg", "image/svg+xml"), ("/static/image.png", "image/png"),
        ("/static/font.woff2", "font/woff2"), ("/static/notes.txt", "text/plain; charset=utf-8"),
        ("/static/blob.unknown", "application/octet-stream"),
    ])
    func servesFilesWithTheirType(path: String, type: String) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let response = try routed(StaticFiles(root: fixture.root.path), path)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == type)
        let expected = try Data(contentsOf: fixture.root.appendingPathComponent(String(path.dropFirst("/static/".count))))
        #expect(response.bytes == Array(expected))
    }

    @Test(arguments: [
        "/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/%2E%2E/outside/secret.txt",
        "/static/..%2FPackage.swift", "/static/sub%2F..%2F..%2FPackage.swift", "/static/..%5CPackage.swift",
        "/static/..\\Package.swift", "/static/notes.txt%00.png", "/static//etc/passwd", "/static/./notes.txt",
        "/static/escape.txt", "/static/escape/secret.txt", "/static/missing.txt", "/static/sub/../../Package.swift",
    ])
    func refusesPathsOutsideTheRoot(path: String) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(status(StaticFiles(root: fixture.root.path), path) == 404)
    }

    @Test func doubleEncodingIsDecodedOnlyOnce() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // `%252e%252e` names the file literally called `%2e%2e`, never the parent folder.
        let response = try routed(StaticFiles(root: fixture.root.path), "/static/%252e%252e")
        #expect(response.text == "literal name")
        #expect(status(StaticFiles(root: fixture.root.path), "/static/%252e%252e/Package.swift") == 404)
    }

    @Test func followsSymlinksThatStayInside() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(try routed(StaticFiles(root: fixture.root.path), "/static/alias.txt").text == "inside")
    }

    @Test func entityTagAnswers304() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let files = StaticFiles(root: fixture.root.path)
        let first = try routed(files, "/static/app.js")
        let tag = try #require(first.headers["ETag"])
        #expect(tag.hasPrefix("W/\""))
        for condition in [tag, "\"other\", \(tag)", String(tag.dropFirst(2)), "*"] {
            let again = try routed(files, "/static/app.js", headers: ["If-None-Match": condition])
            #expect(again.status == .notModified)
            #expect(again.bytes.isEmpty)
            #expect(again.headers["ETag"] == tag)
        }
        #expect(try routed(files, "/static/app.js", headers: ["If-None-Match": "W/\"stale\""]).status == .ok)
        #expect(try routed(files, "/static/style.css", headers: ["If-None-Match": tag]).status == .ok)
    }

    @Test func lastModifiedAnswers304() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let path = fixture.root.appendingPathComponent("notes.txt").path
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 784_111_777)], ofItemAtPath: path)
        let files = StaticFiles(root: fixture.root.path)
        let first = try routed(files, "/static/notes.txt")
        #expect(first.headers["Last-Modified"] == "Sun, 06 Nov 1994 08:49:37 GMT")
        let same = try routed(files, "/static/notes.txt", headers: ["If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"])
        #expect(same.status == .notModified)
        let earlier = try routed(files, "/static/notes.txt", headers: ["If-Modified-Since": "Sun, 06 Nov 1994 08:49:36 GMT"])
        #expect(earlier.status == .ok)
        // If-None-Match decides when both are present.
        let both = try routed(files, "/static/notes.txt", headers: ["If-None-Match": "W/\"x\"", "If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"])
        #expect(both.status == .ok)
    }

    @Test func headSendsHeadersWithoutBody() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let response = try routed(StaticFiles(root: fixture.root.path), "/static/notes.txt", method: .head)
        #expect(response.status == .ok)
        #expect(response.bytes.isEmpty)
        #expect(response.headers["Content-Length"] == "5")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func cacheControlIsConfigurable() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(try routed(StaticFiles(root: fixture.root.path), "/static/app.js").headers["Cache-Control"] == "no-cache")
        let long = StaticFiles(root: fixture.root.path, cacheControl: "public, max-age=60")
        #expect(try routed(long, "/static/app.js").headers["Cache-Control"] == "public, max-age=60")
        let none = StaticFiles(root: fixture.root.path, cacheControl: nil)
        #expect(try routed(none, "/static/app.js").headers.contains("Cache-Control") == false)
    }

    @Test func directoriesServeTheirIndex() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let files = StaticFiles(root: fixture.root.path)
        #expect(try routed(files, "/static/").text == "<h1>home</h1>")
        #expect(try routed(files, "/static/docs/").text == "docs")
        let redirect = try routed(files, "/static/docs")
        #expect(redirect.status == .movedPermanently)
        #expect(redirect.headers["Location"] == "/static/docs/")
        #expect(status(files, "/static/sub/") == 404)
        #expect(status(StaticFiles(root: fixture.root.path, indexFile: nil), "/static/docs/") == 404)
    }

    @Test func middlewareServesUnderItsPrefixAndPassesTheRestOn() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let files = StaticFiles(root: fixture.root.path, urlPrefix: "/ui/")
        let next: SynchronousNext = { request, _ in Response(status: .accepted, text: "next \(request.uri)") }
        func run(_ method: HTTPMethod, _ uri: String) throws -> Response {
            try files.handle(Request(method: method, uri: uri), context: RequestContext(), next: next)
        }
        #expect(try run(.get, "/ui/app.js?v=3").text == "run()")
        #expect(try run(.get, "/ui/docs/").text == "docs")
        #expect(try run(.get, "/ui/missing.js").status == .accepted)
        #expect(try run(.get, "/ui/%2e%2e/Package.swift").status == .accepted)
        #expect(try run(.get, "/ui/..%2FPackage.swift").status == .accepted)
        #expect(try run(.get, "/ui/escape.txt").status == .accepted)
        #expect(try run(.get, "/uix/app.js").status == .accepted)
        #expect(try run(.post, "/ui/app.js").status == .accepted)
        let asyncNext: Next = { _, _ in Response(status: .accepted) }
        let served = try await files.handle(Request(method: .get, uri: "/ui/notes.txt"), context: RequestContext(), next: asyncNext)
        #expect(served.text == "notes")
        let passed = try await files.handle(Request(method: .get, uri: "/ui/missing"), context: RequestContext(), next: asyncNext)
        #expect(passed.status == .accepted)
    }

    @Test func mediaTypesByExtension() {
        #expect(MediaType.forPath("a/b/Map.JS") == "text/javascript; charset=utf-8")
        #expect(MediaType.forPath("x.wasm") == "application/wasm")
        #expect(MediaType.forPath("bundle.js.map") == "application/json")
        #expect(MediaType.forPath(".hidden") == MediaType.fallback)
        #expect(MediaType.forPath("dir.d/file") == MediaType.fallback)
    }

    @Test func httpDatesRoundTrip() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("garbage") == nil)
    }
}
