import Foundation

/// Serves the files of one folder, safely: no path leads outside it.
///
/// Use it as the handler of a wildcard route, or as a middleware that answers GET and HEAD
/// under a URL prefix and passes everything else on. Answers carry `Content-Type` by
/// extension, a weak `ETag` (size, modification time, inode), `Last-Modified` and
/// `Cache-Control`; `If-None-Match` and `If-Modified-Since` give 304.
///
/// Percent-encoded `/`, `\` and NUL are refused, as are `.` and `..` segments; the path is
/// then resolved with `realpath`, so a symlink pointing out of the folder is not followed.
/// Such requests, and missing files, are a 404.
///
/// ```swift
/// var router = Router()
/// router.get("/static/*", StaticFiles(root: "Public").handler)
/// // or: serve /ui/... from a folder, with a long cache for fingerprinted assets
/// router.add(middleware: StaticFiles(root: "ui/dist", urlPrefix: "/ui", cacheControl: "public, max-age=31536000"))
/// ```
public struct StaticFiles: Sendable {
    /// The folder, as `realpath` resolved it.
    public let root: String
    /// Where the middleware serves from (`/` for everything). The route handler ignores it.
    public var urlPrefix: String
    /// Sent with every file; nil sends none.
    public var cacheControl: String?
    /// Served for a directory; nil answers 404 for directories.
    public var indexFile: String?

    /// `root` is resolved once, here; `urlPrefix` matters only to the middleware.
    public init(root: String, urlPrefix: String = "/", cacheControl: String? = "no-cache", indexFile: String? = "index.html") {
        // An unresolvable root stays as given: every lookup under it then fails.
        self.root = realpath(root, nil).map { resolved in
            defer { free(resolved) }
            return String(cString: resolved)
        } ?? root
        self.urlPrefix = urlPrefix.hasSuffix("/") ? String(urlPrefix.dropLast()) : urlPrefix
        self.cacheControl = cacheControl
        self.indexFile = indexFile
    }

    /// A handler for a route whose template ends in `*`: serves the path the wildcard matched.
    public var handler: @Sendable (Request, RequestContext) throws -> Response {
        { [self] request, context in
            // The router has percent-decoded the tail already; decoding it again would let `%252e` become `.`.
            guard let tail = context.parameters["*"],
                  let response = serve(request, segments: tail.split(separator: "/", omittingEmptySubsequences: false).map(String.init))
            else { throw HTTPError(.notFound) }
            return response
        }
    }

    /// The answer for a path relative to the root, still percent-encoded; nil when it names no file here.
    func serve(_ request: Request, encodedPath: Substring) -> Response? {
        var segments: [String] = []
        for segment in encodedPath.split(separator: "/", omittingEmptySubsequences: false) {
            guard let decoded = PercentDecoding.decodeStrict(segment) else { return nil }
            segments.append(decoded)
        }
        return serve(request, segments: segments)
    }

    private func serve(_ request: Request, segments: [String]) -> Response? {
        guard !Self.hasEncodedSeparator(request.path) else { return nil }
        // A trailing slash asks for a directory (the router trims it from the tail, so look at
        // the path); any other empty segment (`//`, a leading `/`) is refused.
        let wantsDirectory = request.path.last == "/"
        let names = segments.last?.isEmpty == true ? segments.dropLast() : segments[...]
        guard names.allSatisfy(Self.isPlainName) else { return nil }
        guard let path = resolve(names.joined(separator: "/")) else { return nil }

        var file = StaticFile(path: path)
        if file?.isDirectory == true {
            guard let indexFile, let index = resolve(names.isEmpty ? indexFile : names.joined(separator: "/") + "/" + indexFile) else { return nil }
            if !wantsDirectory && !names.isEmpty {
                // Relative links in the index resolve against the directory only with the slash.
                return Response(status: .movedPermanently, headers: ["Location": String(request.path) + "/"])
            }
            file = StaticFile(path: index)
        }
        guard let file, !file.isDirectory else { return nil }
        return response(for: file, request: request)
    }

    /// The real path of `relative` under the root, or nil when it is missing or lies outside.
    private func resolve(_ relative: String) -> String? {
        let joined = relative.isEmpty ? root : root + "/" + relative
        guard let resolved = realpath(joined, nil) else { return nil }
        defer { free(resolved) }
        let path = String(cString: resolved)
        return path == root || path.hasPrefix(root == "/" ? "/" : root + "/") ? path : nil
    }

    private func response(for file: StaticFile, request: Request) -> Response? {
        var headers: HTTPHeaders = [
            "ETag": file.entityTag,
            "Last-Modified": HTTPDate.format(file.modified.seconds),
        ]
        if let cacheControl { headers.add("Cache-Control", cacheControl) }
        if Self.isNotModified(request.headers, file: file) {
            return Response(status: .notModified, headers: headers)
        }
        headers.add("Content-Type", MediaType.forPath(file.path))
        if request.method == .head {
            headers.add("Content-Length", String(file.size))
            return Response(headers: headers)
        }
        guard let bytes = file.contents() else { return nil }
        return Response(headers: headers, body: .bytes(bytes))
    }

    /// RFC 9110 §13.2.2: `If-None-Match` wins; `If-Modified-Since` counts only without it.
    private static func isNotModified(_ headers: HTTPHeaders, file: StaticFile) -> Bool {
        let noneMatch = headers.values(for: "If-None-Match")
        if !noneMatch.isEmpty {
            let tags = noneMatch.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            let weakless = { (tag: String) in tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }
            return tags.contains { $0 == "*" || weakless($0) == weakless(file.entityTag) }
        }
        guard let since = headers["If-Modified-Since"].flatMap(HTTPDate.parse) else { return false }
        return file.modified.seconds <= since
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 }
    }

    /// `%2F`, `%5C` or `%00` in the raw path: after decoding they would pass as plain names or split one.
    private static func hasEncodedSeparator(_ path: Substring) -> Bool {
        let lowered = path.lowercased()
        return lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%00")
    }
}

extension StaticFiles: SynchronousMiddleware {
    /// Answers a GET or HEAD for a file under `urlPrefix`; anything else goes to `next`.
    public func handle(_ request: Request, context: RequestContext, next: SynchronousNext) throws -> Response {
        try answer(request) ?? next(request, context)
    }

    /// The same as the synchronous `handle`, for an asynchronous chain.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        if let response = answer(request) { return response }
        return try await next(request, context)
    }

    /// The file for a GET or HEAD under the prefix, or nil to pass the request on.
    private func answer(_ request: Request) -> Response? {
        guard request.method == .get || request.method == .head else { return nil }
        let path = request.path
        guard path.hasPrefix(urlPrefix + "/") else { return nil }
        return serve(request, encodedPath: path.dropFirst(urlPrefix.count + 1))
    }
}
