import Foundation
import Synchronization
import Testing

@testable import SpanscopeHTTP

/// Runs `body` with a client that is shut down afterwards, whether `body` throws or not.
private func withClient<T>(
    _ configuration: HTTPClient.Configuration = .init(connectTimeout: .seconds(2), readTimeout: .seconds(5)),
    _ body: (HTTPClient) async throws -> T
) async throws -> T {
    let client = HTTPClient(configuration: configuration)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// The error `operation` throws, or nil when it succeeds.
private func error(of operation: () async throws -> some Any) async -> (any Error)? {
    do {
        _ = try await operation()
        return nil
    } catch {
        return error
    }
}

@Suite struct HTTPClientRoundTripTests {
    @Test func getReturnsStatusHeadersBodyAndVersion() async throws {
        let server = try RawTCPServer.http { request in
            RawTCPServer.response("201 Created", headers: [("X-Target", request.target)], body: "hello")
        }
        let response = try await withClient { try await $0.get(server.url + "/greet?name=a%20b#frag") }
        #expect(response.status.code == 201)
        #expect(response.status.reason == "Created")
        #expect(response.headers["x-target"] == "/greet?name=a%20b")
        #expect(response.text == "hello")
        #expect(response.version == .http1_1)
    }

    @Test func postSendsBodyWithContentLengthAndHost() async throws {
        let received = Mutex<RawRequest?>(nil)
        let server = try RawTCPServer.http { request in
            received.withLock { $0 = request }
            return RawTCPServer.response(body: String(decoding: request.body, as: UTF8.self).uppercased())
        }
        let response = try await withClient { try await $0.post(server.url + "/echo", body: Array("ping".utf8)) }
        #expect(response.text == "PING")
        let request = try #require(received.withLock { $0 })
        #expect(request.method == "POST")
        #expect(request.values(for: "Content-Length") == ["4"])
        #expect(request.values(for: "Host") == ["127.0.0.1:\(server.port)"])
    }

    @Test func emptyPostStillAnnouncesZeroLength() async throws {
        let received = Mutex<RawRequest?>(nil)
        let server = try RawTCPServer.http { request in
            received.withLock { $0 = request }
            return RawTCPServer.response()
        }
        _ = try await withClient { try await $0.post(server.url, body: []) }
        #expect(received.withLock { $0?.values(for: "Content-Length") } == ["0"])
    }

    @Test func repeatedResponseHeadersKeepTheirOrder() async throws {
        let server = try RawTCPServer.http { _ in
            RawTCPServer.response(headers: [("Set-Cookie", "a=1"), ("X-Between", "x"), ("set-cookie", "b=2"), ("Set-Cookie", "c=3")])
        }
        let response = try await withClient { try await $0.get(server.url) }
        #expect(response.headers.values(for: "Set-Cookie") == ["a=1", "b=2", "c=3"])
        let names = response.headers.fields.map(\.name).filter { $0.lowercased() != "content-length" }
        #expect(names == ["Set-Cookie", "X-Between", "set-cookie", "Set-Cookie"])
    }

    @Test func requestHeaderLinesArriveInOrderWithRepeats() async throws {
        let received = Mutex<RawRequest?>(nil)
        let server = try RawTCPServer.http { request in
            received.withLock { $0 = request }
            return RawTCPServer.response()
        }
        var request = ClientRequest(url: server.url + "/traced")
        request.headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        request.headers.add("tracestate", "a=1")
        request.headers.add("X-Middle", "m")
        request.headers.add("tracestate", "b=2")
        let configuration = HTTPClient.Configuration(defaultHeaders: ["User-Agent": "spanscope-test"])
        _ = try await withClient(configuration) { try await $0.execute(request) }
        let lines = try #require(received.withLock { $0 }).headerLines
        #expect(lines.map(\.name) == ["Host", "User-Agent", "traceparent", "tracestate", "X-Middle", "tracestate"])
        #expect(lines.filter { $0.name == "tracestate" }.map(\.value) == ["a=1", "b=2"])
    }

    @Test func headRequestReadsNoBody() async throws {
        let server = try RawTCPServer.http { request in
            // A HEAD answer announces the length of the body it does not send.
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + (request.method == "HEAD" ? "" : "hello")
        }
        let response = try await withClient { client in
            let head = try await client.execute(ClientRequest(method: .head, url: server.url))
            let get = try await client.get(server.url)
            #expect(client.connectionsOpened == 1)
            return (head, get)
        }
        #expect(response.0.body.isEmpty)
        #expect(response.1.text == "hello")
    }

    @Test func decodesJSON() async throws {
        struct Order: Decodable, Equatable { var id: Int; var item: String }
        let server = try RawTCPServer.http { _ in RawTCPServer.response(body: #"{"id":7,"item":"tea"}"#) }
        let order = try await withClient { try await $0.get(server.url).decode(Order.self) }
        #expect(order == Order(id: 7, item: "tea"))
    }
}

@Suite struct HTTPClientConnectionReuseTests {
    @Test func sequentialRequestsShareOneConnection() async throws {
        let server = try RawTCPServer.http { request in RawTCPServer.response(body: request.target) }
        let opened = try await withClient { client in
            for index in 0..<10 {
                let text = try await client.get(server.url + "/\(index)").text
                #expect(text == "/\(index)")
            }
            return client.connectionsOpened
        }
        #expect(opened == 1)
        #expect(server.accepted == 1)
    }

    @Test func connectionCloseAndHTTP10AreNotReused() async throws {
        let server = try RawTCPServer.http { request in
            request.target == "/close"
                ? RawTCPServer.response(headers: [("Connection", "close")], body: "bye")
                : "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"
        }
        try await withClient { client in
            _ = try await client.get(server.url + "/close")
            _ = try await client.get(server.url + "/old")
            _ = try await client.get(server.url + "/old")
            #expect(client.connectionsOpened == 3)
        }
        #expect(server.accepted == 3)
    }

    @Test func idleConnectionsBeyondTheCapAreClosed() async throws {
        // Answers only once four requests wait, so the burst needs four connections.
        let arrived = Atomic<Int>(0)
        let closedByClient = Atomic<Int>(0)
        let server = try RawTCPServer { connection in
            while let _ = connection.readRequest() {
                arrived.add(1, ordering: .relaxed)
                let deadline = Date() + 5
                while arrived.load(ordering: .relaxed) < 4 && Date() < deadline { usleep(1000) }
                connection.write(RawTCPServer.response(body: "x"))
            }
            closedByClient.add(1, ordering: .relaxed)
        }
        let configuration = HTTPClient.Configuration(maxIdleConnectionsPerHost: 1)
        try await withClient(configuration) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { _ = try await client.get(server.url) } }
                try await group.waitForAll()
            }
            #expect(client.connectionsOpened == 4)
            let deadline = ContinuousClock.now + .seconds(3)
            while closedByClient.load(ordering: .relaxed) < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(closedByClient.load(ordering: .relaxed) == 3)
            for _ in 0..<3 { _ = try await client.get(server.url) }
            #expect(client.connectionsOpened == 4)
        }
    }

    @Test func manyConcurrentTasksAreAllAnswered() async throws {
        let server = try RawTCPServer.http { request in RawTCPServer.response(body: request.target) }
        let answers = try await withClient { client in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask { try await client.get(server.url + "/n/\(index)").text == "/n/\(index)" }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
        }
        #expect(answers.count == 200)
        #expect(answers.allSatisfy { $0 })
    }

    @Test func idempotentRequestIsRetriedWhenAKeptAliveConnectionWasClosed() async throws {
        // The first connection answers once, then hangs up on the next request without answering.
        let server = try RawTCPServer { connection in
            guard connection.readRequest() != nil else { return }
            connection.write(RawTCPServer.response(body: "first"))
            guard connection.readRequest() != nil else { return }
            connection.close()
        }
        try await withClient { client in
            _ = try await client.get(server.url)
            let retried = try await client.get(server.url)
            #expect(retried.text == "first")
            #expect(server.accepted == 2)
            _ = try await client.get(server.url)
            let post = await error { try await client.post(server.url, body: [1]) }
            #expect(post as? HTTPClientError == .connectionClosed)
        }
    }
}

@Suite struct HTTPClientErrorTests {
    @Test func closedPortIsRefused() async throws {
        let server = try RawTCPServer(accepting: false)
        let port = server.port
        server.stop()
        let failure = await error { try await withClient { try await $0.get("http://127.0.0.1:\(port)/") } }
        #expect(failure as? HTTPClientError == .connectionRefused(host: "127.0.0.1", port: port))
    }

    @Test func fullBacklogIsAConnectTimeoutNotAReadTimeout() async throws {
        let server = try RawTCPServer(backlog: 0, accepting: false)
        try server.fillBacklog()
        let configuration = HTTPClient.Configuration(connectTimeout: .milliseconds(300), readTimeout: .seconds(20))
        let started = ContinuousClock.now
        let failure = await error { try await withClient(configuration) { try await $0.get(server.url) } }
        #expect(failure as? HTTPClientError == .connectTimeout(host: "127.0.0.1", port: server.port))
        // Far below the read timeout, with room for a loaded machine running the suite in parallel.
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func silentServerIsAReadTimeout() async throws {
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            connection.waitForClose()
        }
        let configuration = HTTPClient.Configuration(connectTimeout: .seconds(30), readTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        let failure = await error { try await withClient(configuration) { try await $0.get(server.url) } }
        #expect(failure as? HTTPClientError == .readTimeout)
        // Far below the connect timeout, with room for a loaded machine running the suite in parallel.
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func deadlineEndsASlowRequest() async throws {
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            connection.waitForClose()
        }
        var request = ClientRequest(url: server.url)
        request.timeout = .milliseconds(200)
        let failure = await error { try await withClient { try await $0.execute(request) } }
        #expect(failure as? HTTPClientError == .deadlineExceeded)
    }

    @Test func garbageIsAMalformedResponse() async throws {
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            connection.write("SPDY/9 what is this\r\n\r\n")
            connection.waitForClose()
        }
        let failure = await error { try await withClient { try await $0.get(server.url) } }
        #expect(failure as? HTTPClientError == .malformedResponse)
    }

    @Test func hangingUpMidBodyIsConnectionClosed() async throws {
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part")
            connection.close()
        }
        let failure = await error { try await withClient { try await $0.get(server.url) } }
        #expect(failure as? HTTPClientError == .connectionClosed)
    }

    @Test func hangingUpBeforeAnsweringIsConnectionClosed() async throws {
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            connection.close()
        }
        let failure = await error { try await withClient { try await $0.get(server.url) } }
        #expect(failure as? HTTPClientError == .connectionClosed)
    }

    @Test(arguments: [true, false])
    func bodyOverTheLimitIsTooLarge(announced: Bool) async throws {
        let body = String(repeating: "x", count: 1000)
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            // Without a length the body runs to the close, and the limit is found while reading.
            connection.write(announced ? RawTCPServer.response(body: body) : "HTTP/1.1 200 OK\r\n\r\n" + body)
            connection.close()
        }
        let configuration = HTTPClient.Configuration(maxResponseBodyBytes: 100)
        let failure = await error { try await withClient(configuration) { try await $0.get(server.url) } }
        #expect(failure as? HTTPClientError == .responseTooLarge(limit: 100))
    }

    @Test func bodyAtTheLimitIsAccepted() async throws {
        let server = try RawTCPServer.http { _ in RawTCPServer.response(body: String(repeating: "y", count: 100)) }
        let configuration = HTTPClient.Configuration(maxResponseBodyBytes: 100)
        let response = try await withClient(configuration) { try await $0.get(server.url) }
        #expect(response.body.count == 100)
    }

    @Test(arguments: [
        "https://127.0.0.1/", "http://", "http:///path", "http://user@127.0.0.1/", "http://127.0.0.1:0/",
        "http://127.0.0.1:65536/", "http://127.0.0.1:8x/", "ftp://host/", "http://ho st/", "http://[::1/",
    ])
    func invalidURLsAreRejected(url: String) async throws {
        let failure = await error { try await withClient { try await $0.get(url) } }
        #expect(failure as? HTTPClientError == .invalidURL(url))
    }

    @Test func methodsLibeventCannotSendAreRejected() async throws {
        let failure = await error {
            try await withClient { try await $0.execute(ClientRequest(method: HTTPMethod("PROPFIND"), url: "http://127.0.0.1/")) }
        }
        #expect(failure as? HTTPClientError == .unsupportedMethod(HTTPMethod("PROPFIND")))
    }

    @Test func headerInjectionIsRejected() async throws {
        let failure = await error {
            try await withClient { try await $0.get("http://127.0.0.1/", headers: ["X-Evil": "a\r\nInjected: 1"]) }
        }
        #expect(failure as? HTTPClientError == .invalidHeader("X-Evil"))
    }

    @Test func unresolvableHostIsNamed() async throws {
        let failure = await error { try await withClient { try await $0.get("http://no-such-host.invalid/") } }
        #expect(failure as? HTTPClientError == .unresolvableHost("no-such-host.invalid"))
    }

    @Test func errorsDescribeThemselves() {
        #expect(HTTPClientError.connectionRefused(host: "h", port: 1).description == "connection refused by h:1")
        #expect(HTTPClientError.invalidURL("x").description.contains("http://host[:port]"))
    }
}

@Suite struct HTTPClientLifecycleTests {
    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        let peerClosed = Mutex(false)
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            let closed = connection.waitForClose()
            peerClosed.withLock { $0 = closed }
        }
        // A read timeout far beyond the bound below: only the cancellation can end the request in time.
        let configuration = HTTPClient.Configuration(connectTimeout: .seconds(2), readTimeout: .seconds(30))
        try await withClient(configuration) { client in
            let task = Task { try await client.get(server.url) }
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            task.cancel()
            let failure = await error { try await task.value }
            #expect(failure is CancellationError)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
        // The request's connection was closed, not left waiting for the answer.
        let deadline = ContinuousClock.now + .seconds(3)
        while !peerClosed.withLock({ $0 }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(peerClosed.withLock { $0 })
    }

    @Test func aTaskCancelledBeforehandSendsNothing() async throws {
        let server = try RawTCPServer.http { _ in RawTCPServer.response() }
        try await withClient { client in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.get(server.url)
            }
            #expect(await error { try await task.value } is CancellationError)
            #expect(client.connectionsOpened == 0)
        }
    }

    @Test func shutdownFailsRequestsInFlightAndLaterOnes() async throws {
        let server = try RawTCPServer { connection in
            _ = connection.readRequest()
            connection.waitForClose()
        }
        let client = HTTPClient()
        let inFlight = Task { try await client.get(server.url) }
        try await Task.sleep(for: .milliseconds(100))
        await client.shutdown()
        #expect(await error { try await inFlight.value } as? HTTPClientError == .shutDown)
        #expect(await error { try await client.get(server.url) } as? HTTPClientError == .shutDown)
    }
}

@Suite struct HTTPClientTargetTests {
    @Test func parsesHostPortAndRequestURI() throws {
        let plain = try HTTPClientTarget(parsing: "http://example.com")
        #expect(plain == HTTPClientTarget(host: "example.com", port: 80, requestURI: "/"))
        #expect(plain.hostHeader == "example.com")
        let full = try HTTPClientTarget(parsing: "HTTP://127.0.0.1:8080/a/b?c=d#e")
        #expect(full == HTTPClientTarget(host: "127.0.0.1", port: 8080, requestURI: "/a/b?c=d"))
        #expect(full.hostHeader == "127.0.0.1:8080")
        let query = try HTTPClientTarget(parsing: "http://h?x=1")
        #expect(query.requestURI == "/?x=1")
        let ipv6 = try HTTPClientTarget(parsing: "http://[::1]:9000/p")
        #expect(ipv6 == HTTPClientTarget(host: "::1", port: 9000, requestURI: "/p"))
        #expect(ipv6.hostHeader == "[::1]:9000")
    }
}
