import Mustache
import SpanscopeHTTP

/// The templates of `templates/`, parsed once from the copy embedded at build time, and the
/// rendering of a page into a response.
///
/// Mustache escapes every `{{value}}` for HTML, so names, attributes and routes from spans
/// reach the page as text. The one triple-brace value, a trace's JSON in a
/// `<script type="application/json">` block, is written by `TraceJSONEncoder`, which escapes
/// `<`, `>` and `&` so that nothing in it can close the block.
enum PageTemplates {
    /// A template that failed to parse: a fault of the build, reported when a page needs it.
    struct TemplateError: Error, CustomStringConvertible {
        var description: String
    }

    private static let library: Result<MustacheLibrary, TemplateError> = {
        var library = MustacheLibrary()
        for (name, text) in EmbeddedUIFiles.templates {
            do {
                try library.register(text, named: name)
            } catch {
                return .failure(TemplateError(description: "template \(name) does not parse: \(error)"))
            }
        }
        return .success(library)
    }()

    /// The page `template` filled from `model`, with the pages' security headers.
    static func page(_ template: String, _ model: Any, status: HTTPStatus = .ok) throws -> Response {
        guard let html = try library.get().render(model, withTemplate: template) else {
            throw TemplateError(description: "no template \(template)")
        }
        var headers = HTTPHeaders()
        headers.addPageSecurity()
        return Response(status: status, headers: headers, bytes: Array(html.utf8), contentType: "text/html; charset=utf-8")
    }

    /// An error page (404 for an unknown trace, 400 for a malformed id) in the UI's chrome.
    static func errorPage(_ status: HTTPStatus, heading: String, message: String, site: SiteModel) throws -> Response {
        try page("error", ErrorPageModel(site: site, heading: heading, message: message), status: status)
    }
}

struct ErrorPageModel {
    let site: SiteModel
    let heading: String
    let message: String
}
