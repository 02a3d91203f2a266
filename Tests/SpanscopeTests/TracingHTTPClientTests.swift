import Foundation
import Spanscope
import Testing
import Tracing

/// The CLIENT span and what goes out on the wire, against a real server on loopback that
/// keeps the header lines it receives.
@Suite(.serialized) struct TracingHTTPClientTests {
    let remoteTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    let remoteParentID = "00f067aa0ba902b7"
    let remoteTraceState = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"

    /// A context as a server's middleware leaves it: the caller's span, remote.
    func remoteContext(_ tracer: SpanscopeTracer, flags: String) -> ServiceContext {
        tracer.extract(["traceparent": "00-\(remoteTraceID)-\(remoteParentID)-\(flags)", "tracestate": remoteTraceState])
    }

    @Test func clientSpanFollowsTheHTTPConventionsAndItsContextGoesOut() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()
        let peer = try RecordingServer()
        let client = TracingHTTPClient(client: HTTPClient(), tracer: tracer)

        // The caller's own trace headers, repeated and in other cases, must all be replaced.
        var request = ClientRequest(method: .get, url: peer.url("/orders/7?sig=secret&page=2"))
        request.headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        request.headers.add("TraceParent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203332-01")
        request.headers.add("TRACESTATE", "stale=1")
        request.headers.add("Accept", "application/json")
        let response = try await ServiceContext.$current.withValue(remoteContext(tracer, flags: "01")) {
            try await client.execute(request)
        }
        #expect(response.status == .ok)

        let span = try collector.only(named: "GET")
        #expect(span.kind == .client)
        #expect(span.traceID.description == remoteTraceID)
        #expect(span.parentSpanID?.description == remoteParentID)
        #expect(span.status == nil)
        #expect(span.attributes[key: "http.request.method"] == .string("GET"))
        #expect(span.attributes[key: "http.request.method_original"] == nil)
        #expect(span.attributes[key: "url.full"] == .string(peer.url("/orders/7?sig=REDACTED&page=2")))
        #expect(span.attributes[key: "server.address"] == .string("127.0.0.1"))
        #expect(span.attributes[key: "server.port"] == .int(Int64(peer.server.port)))
        #expect(span.attributes[key: "http.response.status_code"] == .int(200))
        #expect(span.attributes[key: "network.protocol.version"] == .string("1.1"))
        #expect(span.attributes[key: "error.type"] == nil)

        let received = try #require(peer.requests.first).headers
        #expect(received.values(for: "traceparent") == ["00-\(remoteTraceID)-\(span.spanID)-01"])
        #expect(received.values(for: "tracestate") == [remoteTraceState])
        #expect(received.values(for: "accept") == ["application/json"])
        await client.client.shutdown()
        await peer.shutdown()
    }

    @Test func postSendsTheBodyInASpanNamedByItsMethod() async throws {
        let collector = SpanCollector()
        let peer = try RecordingServer()
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer())

        _ = try await client.post(peer.url("/orders"), body: Array(#"{"item":"tea"}"#.utf8), headers: ["Content-Type": "application/json"])

        let span = try collector.only(named: "POST")
        #expect(span.parentSpanID == nil)
        #expect(span.attributes[key: "http.request.method"] == .string("POST"))
        let received = try #require(peer.requests.first)
        #expect(String(decoding: received.body, as: UTF8.self) == #"{"item":"tea"}"#)
        #expect(received.headers.values(for: "traceparent") == ["00-\(span.traceID)-\(span.spanID)-03"])
        #expect(received.headers.values(for: "tracestate").isEmpty)
        await client.client.shutdown()
        await peer.shutdown()
    }

    /// "For HTTP status codes in the 4xx range span status MUST be set to Error in case of
    /// SpanKind.CLIENT"; 5xx too; 1xx to 3xx leave it unset. `error.type` is the code.
    @Test(arguments: [200, 204, 302, 400, 404, 429, 500, 503])
    func statusFollowsTheClientRule(code: Int) async throws {
        let collector = SpanCollector()
        let peer = try RecordingServer { _ in Response(status: HTTPStatus(code: code), text: "") }
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer())

        let response = try await client.get(peer.url("/status"))
        #expect(response.status.code == code)

        let span = try collector.only(named: "GET")
        #expect(span.attributes[key: "http.response.status_code"] == .int(Int64(code)))
        if code >= 400 {
            #expect(span.status == SpanStatus(code: .error))
            #expect(span.attributes[key: "error.type"] == .string(String(code)))
        } else {
            #expect(span.status == nil)
            #expect(span.attributes[key: "error.type"] == nil)
        }
        await client.client.shutdown()
        await peer.shutdown()
    }

    /// An unsampled caller: nothing is recorded, and the trace still goes on with the same
    /// trace-id, the sampled flag off, its trace state, and this process's span id.
    @Test func unsampledRequestPropagatesWithoutRecording() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()
        let peer = try RecordingServer()
        let client = TracingHTTPClient(client: HTTPClient(), tracer: tracer)

        _ = try await ServiceContext.$current.withValue(remoteContext(tracer, flags: "00")) {
            try await client.get(peer.url("/unsampled"))
        }

        #expect(collector.records.isEmpty)
        let received = try #require(peer.requests.first).headers
        let traceparent = try #require(received.values(for: "traceparent").only)
        let parent = try TraceParent(traceparent)
        #expect(parent.traceID.description == remoteTraceID)
        #expect(parent.parentID.description != remoteParentID)
        #expect(!parent.flags.contains(.sampled))
        #expect(received.values(for: "tracestate") == [remoteTraceState])
        await client.client.shutdown()
        await peer.shutdown()
    }

    @Test func unsampledRootStillStartsATraceOnTheWire() async throws {
        let collector = SpanCollector()
        let peer = try RecordingServer()
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer(sampler: AlwaysOffSampler()))

        _ = try await client.get(peer.url("/a"))
        _ = try await client.get(peer.url("/b"))

        #expect(collector.records.isEmpty)
        let parents = try peer.requests.map { try TraceParent(try #require($0.headers.values(for: "traceparent").only)) }
        #expect(parents.count == 2)
        #expect(parents.allSatisfy { !$0.flags.contains(.sampled) })
        #expect(parents[0].traceID != parents[1].traceID)
        await client.client.shutdown()
        await peer.shutdown()
    }

    @Test func refusedConnectionIsRecordedAndRethrown() async throws {
        let collector = SpanCollector()
        let closed = try RecordingServer()
        let port = closed.server.port
        await closed.shutdown()
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer())

        await #expect(throws: HTTPClientError.connectionRefused(host: "127.0.0.1", port: port)) {
            try await client.get("http://127.0.0.1:\(port)/gone")
        }

        let span = try collector.only(named: "GET")
        #expect(span.status?.code == .error)
        #expect(span.status?.message == HTTPClientError.connectionRefused(host: "127.0.0.1", port: port).description)
        #expect(span.attributes[key: "error.type"] == .string("connectionRefused"))
        #expect(span.attributes[key: "server.port"] == .int(Int64(port)))
        #expect(span.attributes[key: "http.response.status_code"] == nil)
        let exception = try #require(span.events.only)
        #expect(exception.name == "exception")
        #expect(exception.attributes[key: "exception.type"] == .string("SpanscopeHTTP.HTTPClientError"))
        await client.client.shutdown()
    }

    @Test func timeoutIsRecordedAndRethrown() async throws {
        let collector = SpanCollector()
        let peer = try RecordingServer { _ in
            try await Task.sleep(for: .seconds(30))
            return Response(text: "too late")
        }
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer())

        await #expect(throws: HTTPClientError.deadlineExceeded) {
            try await client.execute(ClientRequest(url: peer.url("/slow"), timeout: .milliseconds(100)))
        }

        let span = try collector.only(named: "GET")
        #expect(span.status?.code == .error)
        #expect(span.attributes[key: "error.type"] == .string("deadlineExceeded"))
        #expect(span.events.map(\.name) == ["exception"])
        await client.client.shutdown()
        await peer.shutdown()
    }

    /// The client refuses credentials in a URL, but its span still shows the call, with
    /// them redacted as the conventions ask.
    @Test func credentialsNeverReachTheSpan() async throws {
        let collector = SpanCollector()
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer())
        let url = "http://ada:hunter2@127.0.0.1:9/orders?X-Goog-Signature=abc"

        await #expect(throws: HTTPClientError.invalidURL(url)) {
            try await client.get(url)
        }

        let span = try collector.only(named: "GET")
        #expect(span.attributes[key: "url.full"] == .string("http://REDACTED:REDACTED@127.0.0.1:9/orders?X-Goog-Signature=REDACTED"))
        #expect(span.attributes[key: "error.type"] == .string("invalidURL"))
        #expect(span.status?.code == .error)
        let everything = span.attributes.map(\.value.description) + span.events.flatMap { $0.attributes.map(\.value.description) }
        #expect(!everything.contains { $0.contains("hunter2") || $0.contains("ada") })
        await client.client.shutdown()
    }

    /// Methods are case-sensitive; one the conventions do not know is `_OTHER`, and the span is `HTTP`.
    @Test func unknownMethodIsOther() async throws {
        let collector = SpanCollector()
        let peer = try RecordingServer()
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer())

        await #expect(throws: HTTPClientError.unsupportedMethod(HTTPMethod("PURGE"))) {
            try await client.execute(ClientRequest(method: HTTPMethod("PURGE"), url: peer.url("/cache")))
        }

        let span = try collector.only(named: "HTTP")
        #expect(span.attributes[key: "http.request.method"] == .string("_OTHER"))
        #expect(span.attributes[key: "http.request.method_original"] == .string("PURGE"))
        #expect(span.attributes[key: "error.type"] == .string("unsupportedMethod"))
        await client.client.shutdown()
        await peer.shutdown()
    }

    /// What a callee's `traceresponse` may say, and whether it names the callee's span.
    enum Answer: String, CaseIterable, Sendable {
        case sameTrace, otherTrace, uppercase, zeroSpanID, twoLines, twoValuesInOneLine, higherVersion, garbage, none

        func headers(traceID: String) -> HTTPHeaders {
            switch self {
            case .sameTrace: ["traceresponse": "00-\(traceID)-b7ad6b7169203331-01"]
            case .otherTrace: ["traceresponse": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]
            case .uppercase: ["traceresponse": "00-\(traceID)-B7AD6B7169203331-01"]
            case .zeroSpanID: ["traceresponse": "00-\(traceID)-0000000000000000-01"]
            case .twoLines: ["traceresponse": "00-\(traceID)-b7ad6b7169203331-01", "Traceresponse": "00-\(traceID)-b7ad6b7169203332-01"]
            case .twoValuesInOneLine: ["traceresponse": "00-\(traceID)-b7ad6b7169203331-01,00-\(traceID)-b7ad6b7169203331-01"]
            case .higherVersion: ["traceresponse": "cc-\(traceID)-b7ad6b7169203331-01-future"]
            case .garbage: ["traceresponse": "hello"]
            case .none: [:]
            }
        }

        var calleeSpanID: String? {
            switch self {
            case .sameTrace, .higherVersion: "b7ad6b7169203331"
            default: nil
            }
        }
    }

    @Test(arguments: Answer.allCases)
    func calleeSpanIDComesOnlyFromAValidTraceresponseOfTheSameTrace(answer: Answer) async throws {
        let collector = SpanCollector()
        let peer = try RecordingServer { request in
            let traceID = try TraceParent(request.headers["traceparent"] ?? "").traceID.description
            return Response(headers: answer.headers(traceID: traceID), text: "ok")
        }
        let client = TracingHTTPClient(client: HTTPClient(), tracer: collector.tracer())

        let response = try await client.get(peer.url("/answer"))
        #expect(response.status == .ok)

        let span = try collector.only(named: "GET")
        #expect(span.attributes[key: "spanscope.callee.span_id"] == answer.calleeSpanID.map(AttributeValue.string))
        await client.client.shutdown()
        await peer.shutdown()
    }
}

extension Collection {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
