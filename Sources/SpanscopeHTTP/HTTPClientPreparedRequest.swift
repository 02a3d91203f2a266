import CLibevent

/// A `ClientRequest` checked and completed on the caller's thread, so the loop only
/// copies it into libevent and nothing there can fail on input.
struct HTTPClientPreparedRequest: Sendable {
    let method: HTTPMethod
    let command: evhttp_cmd_type
    let target: HTTPClientTarget
    /// Final header lines in sending order: defaults, the request's own, then `Content-Length`.
    let headers: [HTTPHeaders.Field]
    let body: [UInt8]
    let timeout: Duration?

    init(_ request: ClientRequest, defaultHeaders: HTTPHeaders) throws(HTTPClientError) {
        guard let command = Self.commands[request.method.rawValue] else {
            throw .unsupportedMethod(request.method)
        }
        method = request.method
        self.command = command
        target = try HTTPClientTarget(parsing: request.url)
        body = request.body
        timeout = request.timeout

        var lines: [HTTPHeaders.Field] = []
        if !request.headers.contains("Host") {
            lines.append(.init(name: "Host", value: target.hostHeader))
        }
        for field in defaultHeaders where !request.headers.contains(field.name) {
            lines.append(field)
        }
        lines.append(contentsOf: request.headers.fields)
        // An empty POST still needs a length, or the server waits for a body until close.
        let framed = request.headers.contains("Content-Length") || request.headers.contains("Transfer-Encoding")
        if !framed && (!request.body.isEmpty || [.post, .put, .patch].contains(request.method)) {
            lines.append(.init(name: "Content-Length", value: String(request.body.count)))
        }
        for line in lines {
            guard HTTPHeaders.isValidName(line.name), HTTPHeaders.isValidValue(line.value) else { throw .invalidHeader(line.name) }
        }
        headers = lines
    }

    /// Methods whose response to a lost keep-alive race may be retried on a new connection.
    var isIdempotent: Bool {
        [.get, .head, .put, .delete, .options, .trace].contains(method)
    }

    private static let commands: [String: evhttp_cmd_type] = [
        "GET": EVHTTP_REQ_GET, "POST": EVHTTP_REQ_POST, "HEAD": EVHTTP_REQ_HEAD,
        "PUT": EVHTTP_REQ_PUT, "DELETE": EVHTTP_REQ_DELETE, "OPTIONS": EVHTTP_REQ_OPTIONS,
        "TRACE": EVHTTP_REQ_TRACE, "CONNECT": EVHTTP_REQ_CONNECT, "PATCH": EVHTTP_REQ_PATCH,
    ]
}
