import Foundation
import SpanscopeHTTP

/// Serves the embedded `Public/` files.
///
/// Asset URLs carry the build's asset version (`.../ui/assets/<version>/trace-page.js`), so a
/// file under the current version never changes and is cached as immutable. A page of an
/// older build still gets an answer, revalidated on every use. Entity tags are the files'
/// build-time hashes; `If-None-Match` gives a 304.
enum UIAssets {
    static func response(to request: Request, version: String, path: String) throws -> Response {
        guard let file = EmbeddedUIFiles.assets[path] else { throw HTTPError(.notFound, "no such asset") }
        let entityTag = "\"\(file.hash)\""
        var headers: HTTPHeaders = [
            "ETag": entityTag,
            "Cache-Control": version == EmbeddedUIFiles.assetsVersion ? "public, max-age=31536000, immutable" : "no-cache",
            "X-Content-Type-Options": "nosniff",
        ]
        let tags = request.headers.values(for: "If-None-Match").flatMap { $0.split(separator: ",") }
        if tags.contains(where: { $0.trimmingCharacters(in: .whitespaces) == entityTag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers.add("Content-Type", MediaType.forPath(path))
        return Response(headers: headers, body: .bytes(file.bytes))
    }
}
