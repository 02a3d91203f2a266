import Foundation
import SpanscopeHTTP

extension TracePages {
    /// The list page searching for what the API's search `{prefix}?status=error` asks.
    func searchPageLocation(for request: Request) -> String {
        paths.list + (request.query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
    }

    /// The page of the trace `{prefix}/{traceId}` names (the id a `traceresponse` header gives);
    /// nil for a download (`format`, `download`), which a browser saves rather than views.
    func tracePageLocation(for request: Request, id: String?) -> String? {
        let items = request.queryItems
        guard items["format"] == nil, items["download"] == nil, let id else { return nil }
        return paths.trace(id)
    }

    /// Sends a browser that opens an API URL to `page`, the page showing the same thing, while
    /// scripts and `curl` keep getting `answer` from that URL.
    ///
    /// A browser says so in `Accept`: every navigation lists `text/html`, while the pages' own
    /// requests ask for `application/json` and `curl` sends `*/*`. The same URL answers by
    /// `Accept`, so every answer, an error too, carries `Vary: Accept` for caches.
    static func sendingBrowsers(
        _ request: Request,
        to page: @autoclosure () -> String?,
        otherwise answer: () throws(TraceAPIError) -> Response
    ) throws(TraceAPIError) -> Response {
        if prefersHTML(request.headers), let location = page() {
            return Response(status: HTTPStatus(code: 303), headers: ["Location": location, "Vary": "Accept"], text: "See \(location)\n")
        }
        do throws(TraceAPIError) {
            var response = try answer()
            response.headers.add("Vary", "Accept")
            return response
        } catch {
            var error = error
            error.headers.add("Vary", "Accept")
            throw error
        }
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
