import CLibevent

extension ServerLoop {
    /// Answers a request, exactly once. Loop thread only.
    func reply(_ request: UnsafeMutablePointer<evhttp_request>, with response: Response) {
        guard !isClosedForReplies else {
            // evhttp_free already released the request with its connection.
            replied(response.writtenHandler, bodyBytes: 0)
            return
        }
        writeHead(request, response)
        let status = response.status
        let isHead = evhttp_request_get_command(request) == EVHTTP_REQ_HEAD
        let mayHaveBody = !isHead && status.code != 204 && status.code != 304 && status.code >= 200
        switch response.body {
        case .bytes(let bytes):
            if mayHaveBody, !bytes.isEmpty {
                evbuffer_add(evhttp_request_get_output_buffer(request), bytes, bytes.count)
            } else if isHead, !response.headers.contains("Content-Length") {
                // HEAD announces the length GET would send; libevent would send the body itself.
                evhttp_add_header(evhttp_request_get_output_headers(request), "Content-Length", String(bytes.count))
            }
            status.reason.withCString { evhttp_send_reply(request, Int32(status.code), $0, nil) }
            replied(response.writtenHandler, bodyBytes: mayHaveBody ? bytes.count : 0)
        case .stream(let produce):
            guard mayHaveBody else {
                status.reason.withCString { evhttp_send_reply(request, Int32(status.code), $0, nil) }
                replied(response.writtenHandler, bodyBytes: 0)
                return
            }
            status.reason.withCString { evhttp_send_reply_start(request, Int32(status.code), $0) }
            stream(request, produce, whenWritten: response.writtenHandler)
        }
    }

    /// Ends a reply: its written handler runs first, so that a server with no request in
    /// flight has reported every response it wrote.
    private func replied(_ writtenHandler: (@Sendable (Int) -> Void)?, bodyBytes: Int) {
        writtenHandler?(bodyBytes)
        inFlight.decrement()
    }

    private func writeHead(_ request: UnsafeMutablePointer<evhttp_request>, _ response: Response) {
        let headers = evhttp_request_get_output_headers(request)
        // libevent refuses names or values that would split the header (CR, LF): such a field is dropped.
        response.headers.addFields(to: headers)
        if !keepAlive, !response.headers.contains("Connection") {
            evhttp_add_header(headers, "Connection", "close")
        }
    }

    /// Runs a streaming body in a task; each chunk is handed to the loop, and the reply
    /// ends on the loop once the producer returns or throws.
    private func stream(
        _ request: UnsafeMutablePointer<evhttp_request>,
        _ produce: @escaping @Sendable (ResponseBodyWriter) async throws -> Void,
        whenWritten: (@Sendable (Int) -> Void)?
    ) {
        let pending = LoopBound(request)
        // Counted only for a written-handler: a stream nobody observes allocates nothing more.
        let written = whenWritten.map { _ in LoopBound(WrittenBytes()) }
        let writer = ResponseBodyWriter { [self] bytes in
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                eventLoop.execute { [self] in
                    guard !isClosedForReplies, evhttp_request_get_connection(pending.value) != nil else {
                        continuation.resume(throwing: ResponseBodyWriter.ClientGone())
                        return
                    }
                    let chunk = evbuffer_new()
                    evbuffer_add(chunk, bytes, bytes.count)
                    evhttp_send_reply_chunk(pending.value, chunk)
                    evbuffer_free(chunk)
                    written?.value.count += bytes.count
                    continuation.resume()
                }
            }
        }
        Task { [self] in
            try? await produce(writer)
            eventLoop.execute { [self] in
                // With its client gone the request has no connection; ending it frees it.
                if !isClosedForReplies { evhttp_send_reply_end(pending.value) }
                replied(whenWritten, bodyBytes: written?.value.count ?? 0)
            }
        }
    }
}

/// The body bytes a stream has handed to its connection. Loop thread only.
private final class WrittenBytes {
    var count = 0
}
