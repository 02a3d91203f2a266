import SpanscopeHTTP
import SpanscopeTracing
import Tracing

/// The server span's attributes, as the stable HTTP semantic conventions name them, set
/// through the typed `setAttribute` so that none is boxed or converted.
extension TracingMiddleware {
    func setRequestAttributes(
        of request: Request,
        path: Substring,
        context: RequestContext,
        method: SemanticMethod,
        on span: SpanscopeSpan
    ) {
        let origin = RequestOrigin(request)
        span.recordMethod(method)
        // A target without a query is its path: the request's own string, not a copy.
        span.setAttribute("url.path", .string(path.endIndex == request.uri.endIndex ? request.uri : String(path)))
        span.setAttribute("url.scheme", .string(origin.scheme))
        if let query = request.query {
            span.setAttribute("url.query", .string(options.redacting(query: query)))
        }
        if let route = context.route {
            span.setAttribute("http.route", .string(route))
        }
        if let address = origin.serverAddress {
            span.setAttribute("server.address", .string(address))
            if let port = origin.serverPort {
                span.setAttribute("server.port", .int(Int64(port)))
            }
        }
        if !origin.clientAddress.isEmpty {
            span.setAttribute("client.address", .string(origin.clientAddress))
        }
        if !request.remoteAddress.isEmpty {
            span.setAttribute("network.peer.address", .string(request.remoteAddress))
            span.setAttribute("network.peer.port", .int(Int64(request.remotePort)))
        }
        span.setAttribute("network.protocol.version", .string(Self.protocolVersion(request.version)))
        if let userAgent = origin.userAgent {
            span.setAttribute("user_agent.original", .string(userAgent))
        }
        span.setAttribute("http.request.body.size", .int(Int64(request.body.count)))
        for header in recordedRequestHeaders {
            header.record(from: request.headers, on: span)
        }
        options.customAttributes?(request, context, span)
    }

    func setResponseAttributes(of response: Response, thrown error: (any Error)?, on span: SpanscopeSpan) {
        let status = response.status.code
        span.setAttribute("http.response.status_code", .int(Int64(status)))
        for header in recordedResponseHeaders {
            header.record(from: response.headers, on: span)
        }
        if let error {
            span.recordError(error)
        }
        // A server's 4xx is the client's mistake, not the server's: only a 5xx is an error.
        guard status >= 500 else { return }
        if let error {
            span.setAttribute("error.type", .string(String(reflecting: type(of: error))))
            span.setStatus(SpanStatus(code: .error, message: String(describing: error)))
        } else {
            span.setAttribute("error.type", .string(String(status)))
            span.setStatus(SpanStatus(code: .error))
        }
    }

    /// `network.protocol.version` without formatting the usual versions anew per request.
    private static func protocolVersion(_ version: HTTPVersion) -> String {
        switch version {
        case .http1_1: "1.1"
        case .http1_0: "1.0"
        default: version.description
        }
    }
}
