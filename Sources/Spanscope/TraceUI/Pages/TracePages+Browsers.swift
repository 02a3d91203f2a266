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
    /// A browser says so in `Accept` (`prefersHTML`), while the pages' own requests ask for
    /// `application/json` and `curl` sends `*/*`. The same URL answers by `Accept`, so every
    /// answer, an error too, carries `Vary: Accept` for caches.
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

    /// True when `Accept` rates `text/html` above `application/json`, each taking the quality of
    /// the most specific range that matches it (RFC 9110, 12.5.1): a browser navigating sends
    /// `text/html,...,*/*;q=0.8`; `*/*` alone (curl) rates both alike, and a tie keeps the JSON.
    static func prefersHTML(_ headers: HTTPHeaders) -> Bool {
        let ranges = headers.values(for: "Accept").flatMap { $0.split(separator: ",") }.map { range in
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (name: parts.first ?? "", quality: quality)
        }
        func quality(of type: String) -> Double {
            let family = String(type.prefix { $0 != "/" }) + "/*"
            return [type, family, "*/*"].lazy.compactMap { name in ranges.first { $0.name == name }?.quality }.first ?? 0
        }
        return quality(of: "text/html") > quality(of: "application/json")
    }
}
