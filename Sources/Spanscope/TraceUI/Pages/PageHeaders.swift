import SpanscopeHTTP

/// The headers every trace UI page carries.
///
/// The policy allows scripts, styles and connections from the UI's own origin only: no inline
/// script or style, no plugin, no framing, no `<base>`. Trusted Types are required and no
/// policy may be made, so a script that assigned markup to `innerHTML` would fail instead of
/// injecting it; the pages build every node through the DOM.
enum PageHeaders {
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ].joined(separator: "; ")
}

extension HTTPHeaders {
    /// Adds the content security policy, `nosniff`, no referrer, and no caching of trace data.
    mutating func addPageSecurity() {
        set("Content-Security-Policy", PageHeaders.contentSecurityPolicy)
        set("X-Content-Type-Options", "nosniff")
        set("Referrer-Policy", "no-referrer")
        set("Cache-Control", "no-store")
    }
}
