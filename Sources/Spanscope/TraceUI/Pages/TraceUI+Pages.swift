import SpanscopeHTTP

extension TraceUI {
    /// Registers the HTML pages and their assets under `{prefix}/ui`, behind the same access
    /// rule as the JSON API, and sends browsers that open the API's list or a trace's URL to
    /// the page showing it. Called by `register(on:at:)`, after the API's own routes.
    func registerPages(on router: inout Router, at prefix: String) {
        let pages = TracePages(store: store, prefix: prefix)
        let refusal: @Sendable (Request) -> Response? = { [access] request in
            do throws(TraceAPIError) {
                try access.check(request)
                return nil
            } catch {
                return error.response
            }
        }
        pages.register(on: &router, refusal: refusal)
        pages.sendBrowsersToPages(on: &router)
    }
}
