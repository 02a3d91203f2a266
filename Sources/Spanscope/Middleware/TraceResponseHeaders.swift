import SpanscopeHTTP
import SpanscopeTracing

/// The headers that tell a caller which trace and server span answered it: W3C's
/// `traceresponse`, the same value as Server-Timing's `trace` metric (where the current
/// Trace Context draft puts it, and where browsers show it to page scripts), and
/// `Access-Control-Expose-Headers` naming both, so that a script of another origin may read them.
enum TraceResponseHeaders {
    static let serverTimingName = "server-timing"
    static let exposeHeadersName = "Access-Control-Expose-Headers"
    static let exposedNames = [TraceResponse.headerName, serverTimingName]
    static let exposedList = exposedNames.joined(separator: ", ")

    static func add(for spanContext: SpanContext, to headers: inout HTTPHeaders) {
        let value = TraceResponse.headerValue(for: spanContext)
        headers.reserveCapacity(headers.count + 3)
        headers.add(TraceResponse.headerName, value)
        headers.add(serverTimingName, "trace;desc=" + value)
        guard headers.contains(exposeHeadersName) else {
            headers.add(exposeHeadersName, exposedList)
            return
        }
        // The handler exposes headers of its own: keep them, in one line, and add ours.
        let exposed = headers.values(for: exposeHeadersName)
        let named = exposed.flatMap { $0.split(separator: ",") }.map { $0.trimmingOWS() }.filter { !$0.isEmpty }
        let missing = exposedNames.filter { name in !named.contains { HTTPHeaders.namesEqual(String($0), name) } }
        headers.set(exposeHeadersName, (named.map(String.init) + missing).joined(separator: ", "))
    }
}
