import Foundation
import Tracing

/// What a CLIENT span of `TracingHTTPClient` records, by OpenTelemetry's stable HTTP
/// client conventions.
extension SpanscopeSpan {
    func recordRequest(method: SemanticMethod, url: ClientURL) {
        recordMethod(method)
        setAttribute("url.full", .string(url.full))
        if let address = url.serverAddress {
            setAttribute("server.address", .string(address))
        }
        if let port = url.serverPort {
            setAttribute("server.port", .int(Int64(port)))
        }
    }

    /// A client counts every 4xx and 5xx as failed; the status code says why, so the
    /// status carries no description (as the conventions ask).
    func recordResponse(_ response: ClientResponse) {
        let code = response.status.code
        setAttribute("http.response.status_code", .int(Int64(code)))
        setAttribute("network.protocol.version", .string(response.version.description))
        if code >= 400 {
            setAttribute("error.type", .string(String(code)))
            setStatus(SpanStatus(code: .error))
        }
        if let callee = TraceResponse.calleeSpanID(in: response.headers, traceID: spanContext.traceID) {
            setAttribute(Self.calleeSpanIDAttribute, .string(callee.description))
        }
    }

    /// No response: the error is the outcome, `error.type` names its kind. An error that
    /// quotes the URL (`invalidURL`) is recorded with the URL as `url.full` has it.
    func recordFailure(_ error: any Error, requestedURL: String, url: ClientURL) {
        var message = String(describing: error)
        if url.full != requestedURL {
            message = message.replacingOccurrences(of: requestedURL, with: url.full)
        }
        recordError(error, attributes: ["exception.message": .string(message)])
        setAttribute("error.type", .string(HTTPClientError.errorType(of: error)))
        setStatus(SpanStatus(code: .error, message: message))
    }

    /// The id of the server span that answered, from the callee's `traceresponse`.
    ///
    /// Not `http.response.header.traceresponse`: that convention records a header's raw
    /// values, while this is one checked span id, only from a value of the same trace,
    /// that links this span to the callee's span without a lookup.
    static let calleeSpanIDAttribute = "spanscope.callee.span_id"
}
