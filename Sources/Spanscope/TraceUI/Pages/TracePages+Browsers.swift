import Foundation
import SpanscopeHTTP

extension TracePages {
    /// Sends a browser that opens the API's search (`{prefix}?status=error`) or a trace
    /// (`{prefix}/{traceId}`, the id a `traceresponse` header names) to the page showing it,
    /// while scripts and `curl` keep getting JSON from the same URL.
    ///
    /// A browser says so in `Accept`: every navigation lists `text/html`, while the pages' own
    /// requests ask for `application/json` and `curl` sends `*/*`. A download (`format`,
    /// `download`) is never redirected. The API's routes must be registered already: their
    /// handlers are wrapped, not replaced.
    func sendBrowsersToPages(on router: inout Router) {
        let search = paths.list
        wrap(paths.api, on: &router) { request, _ in
            search + (request.query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        }
        let paths = paths
        wrap(paths.api + "/:traceId", on: &router) { request, context in
            let items = request.queryItems
            guard items["format"] == nil, items["download"] == nil, let id = context.parameters["traceId"] else { return nil }
            return paths.trace(id)
        }
    }

    /// Re-registers the GET route `template` so that a browser navigation is redirected to
    /// `page(request, context)` (when that is not nil) and every other request answered as before.
    private func wrap(_ template: String, on router: inout Router, page: @escaping @Sendable (Request, RequestContext) -> String?) {
        guard case .found(let handler, let found, _) = router.match(.get, path: Substring(template)), found == template else { return }
        let redirect = { @Sendable (request: Request, context: RequestContext) -> Response? in
            guard Self.prefersHTML(request.headers), let location = page(request, context) else { return nil }
            return Response(status: HTTPStatus(code: 303), headers: ["Location": location, "Vary": "Accept"], text: "See \(location)\n")
        }
        switch handler {
        case .synchronous(let answer):
            router.on(.get, template, handler: .synchronous { request, context in
                try redirect(request, context) ?? Self.varying(answer(request, context))
            })
        case .asynchronous(let answer):
            router.on(.get, template, handler: .asynchronous { request, context in
                if let response = redirect(request, context) { return response }
                return Self.varying(try await answer(request, context))
            })
        }
    }

    /// The same URL answers JSON or a redirect by `Accept`: caches must keep them apart.
    private static func varying(_ response: Response) -> Response {
        var response = response
        response.headers.add("Vary", "Accept")
        return response
    }

    /// True when `Accept` names `text/html` itself with a non-zero quality, as a browser
    /// navigating does; `*/*` alone (curl, scripts) is not a preference for HTML.
    static func prefersHTML(_ headers: HTTPHeaders) -> Bool {
        headers.values(for: "Accept").flatMap { $0.split(separator: ",") }.contains { range in
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "text/html" else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }
}
