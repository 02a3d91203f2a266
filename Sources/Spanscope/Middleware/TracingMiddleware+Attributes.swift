import SpanscopeHTTP
import SpanscopeTracing
import Tracing

/// The server span's attributes, as the stable HTTP semantic conventions name them, set
/// typed so that none is boxed or converted. The request's are set at once: their keys
/// are distinct, so the span takes them as one array, sized for the response's too.
extension TracingMiddleware {
    /// The most attributes the middleware itself sets on a span: the request's 14 and the
    /// response's 3, besides the recorded headers.
    static let standardAttributeCount = 17

    func setRequestAttributes(
        of request: Request,
        path: Substring,
        context: RequestContext,
        method: SemanticMethod,
        on span: SpanscopeSpan
    ) {
        let origin = RequestOrigin(request)
        var attributes: [Attribute] = []
        attributes.reserveCapacity(attributeCapacity)
        method.forEachAttribute { attributes.append($0) }
        // A target without a query is its path: the request's own string, not a copy.
        attributes.append(Attribute("url.path", .string(path.endIndex == request.uri.endIndex ? request.uri : String(path))))
        attributes.append(Attribute("url.scheme", .string(origin.scheme)))
        if let query = request.query {
            attributes.append(Attribute("url.query", .string(options.redacting(query: query))))
        }
        if let route = context.route {
            attributes.append(Attribute("http.route", .string(route)))
        }
        if let address = origin.serverAddress {
            attributes.append(Attribute("server.address", .string(address)))
            if let port = origin.serverPort {
                attributes.append(Attribute("server.port", .int(Int64(port))))
            }
        }
        if !origin.clientAddress.isEmpty {
            attributes.append(Attribute("client.address", .string(origin.clientAddress)))
        }
        if !request.remoteAddress.isEmpty {
            attributes.append(Attribute("network.peer.address", .string(request.remoteAddress)))
            attributes.append(Attribute("network.peer.port", .int(Int64(request.remotePort))))
        }
        attributes.append(Attribute("network.protocol.version", .string(Self.protocolVersion(request.version))))
        if let userAgent = origin.userAgent {
            attributes.append(Attribute("user_agent.original", .string(userAgent)))
        }
        attributes.append(Attribute("http.request.body.size", .int(Int64(request.body.count))))
        for header in recordedRequestHeaders {
            if let attribute = header.attribute(from: request.headers) { attributes.append(attribute) }
        }
        span.setAttributes(distinct: attributes)
        options.customAttributes?(request, context, span)
    }

    func setResponseAttributes(of response: Response, thrown error: (any Error)?, on span: SpanscopeSpan) {
        let status = response.status.code
        span.setAttribute("http.response.status_code", .int(Int64(status)))
        for header in recordedResponseHeaders {
            if let attribute = header.attribute(from: response.headers) { span.setAttribute(attribute.key, attribute.value) }
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
