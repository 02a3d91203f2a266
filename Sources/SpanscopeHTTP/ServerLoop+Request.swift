import CLibevent

extension ServerLoop {
    /// Copies what a handler needs out of libevent's request.
    func makeRequest(_ request: UnsafeMutablePointer<evhttp_request>, uri: String) -> Request {
        var headers = HTTPHeaders()
        if let input = evhttp_request_get_input_headers(request) {
            var field = input.pointee.tqh_first
            while let current = field {
                headers.add(String(cString: current.pointee.key), String(cString: current.pointee.value))
                field = current.pointee.next.tqe_next
            }
        }
        var body: [UInt8] = []
        if let buffer = evhttp_request_get_input_buffer(request) {
            let length = evbuffer_get_length(buffer)
            if length > 0 {
                body = [UInt8](unsafeUninitializedCapacity: length) { bytes, count in
                    count = Int(evbuffer_remove(buffer, bytes.baseAddress, length))
                }
            }
        }
        let remoteAddress = request.pointee.remote_host.map { String(cString: $0) } ?? ""
        return Request(
            method: method(of: request),
            uri: uri,
            headers: headers,
            body: body,
            remoteAddress: remoteAddress,
            remotePort: Int(request.pointee.remote_port),
            version: HTTPVersion(major: Int(request.pointee.major), minor: Int(request.pointee.minor))
        )
    }

    private func method(of request: UnsafeMutablePointer<evhttp_request>) -> HTTPMethod {
        switch evhttp_request_get_command(request) {
        case EVHTTP_REQ_GET: .get
        case EVHTTP_REQ_POST: .post
        case EVHTTP_REQ_HEAD: .head
        case EVHTTP_REQ_PUT: .put
        case EVHTTP_REQ_DELETE: .delete
        case EVHTTP_REQ_OPTIONS: .options
        case EVHTTP_REQ_TRACE: .trace
        case EVHTTP_REQ_CONNECT: .connect
        case EVHTTP_REQ_PATCH: .patch
        default: HTTPMethod(takeUnknownMethod(request) ?? "_OTHER")
        }
    }
}
