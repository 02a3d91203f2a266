import Foundation
import SpanscopeTestSupport
import Testing
@testable import SpanscopeHTTP

@Suite struct StaticFilesOverHTTPTests {
    @Test func servesFilesAndRefusesTraversalOnTheWire() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-static-\(UUID().uuidString)")
        let root = base.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        try "body { color: red }".write(to: root.appendingPathComponent("site.css"), atomically: true, encoding: .utf8)
        try "top secret".write(to: base.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)

        var router = Router()
        router.get("/static/*", StaticFiles(root: root.path).handler)
        try await withServer(router) { server in
            let port = server.port
            let file = try await blocking { try RawConnection.request(port: port, "GET", "/static/site.css") }
            #expect(file.status == 200)
            #expect(file.header("Content-Type")?.hasPrefix("text/css") == true)
            #expect(file.text == "body { color: red }")
            let etag = try #require(file.header("ETag"))
            let cached = try await blocking { try RawConnection.request(port: port, "GET", "/static/site.css", headers: [("If-None-Match", etag)]) }
            #expect(cached.status == 304)
            // Sent byte for byte: no client normalizes these paths before the server sees them.
            for path in ["/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt", "/static/%252e%252e/secret.txt", "/static//etc/passwd"] {
                let response = try await blocking { try RawConnection.request(port: port, "GET", path) }
                #expect(response.status == 404, "\(path)")
                #expect(!response.text.contains("top secret"))
            }
        }
    }
}
