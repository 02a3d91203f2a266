import Foundation
import Spanscope
import Testing

/// What w3c/trace-context's `test/test.py` does, in Swift: it sends `POST /test` to the
/// service under test with the header lines of a case and a body that points back at
/// itself, then reads the trace context of the callbacks that arrive.
///
/// The callbacks are read with the suite's own strict grammar, not with Spanscope's parser,
/// so that a test never checks the parser with itself.
///
/// ```swift
/// try await TraceContextHarness.with { harness in
///     let (traceparent, tracestate) = try await harness.callback(headers: [("traceparent", valid)])
///     #expect(traceparent.traceID == "12345678901234567890123456789012")
/// }
/// ```
struct TraceContextHarness: Sendable {
    let service: HTTPServer
    let harness: RecordingServer
    let client: HTTPClient
    let spans: SpanCollector

    /// Runs `body` with the service (`TraceContextTestService.router()`, sampling parent-based,
    /// always on) and the harness server on loopback, and stops both.
    static func with<T>(_ body: (TraceContextHarness) async throws -> T) async throws -> T {
        let spans = SpanCollector()
        let tracer = spans.tracer(serviceName: "conformance")
        let outbound = HTTPClient()
        let service = HTTPServer(
            configuration: ServerConfiguration(port: 0, loopCount: 1),
            router: TraceContextTestService(client: TracingHTTPClient(client: outbound, tracer: tracer)).router()
        )
        try service.start()
        let harness = TraceContextHarness(service: service, harness: try RecordingServer(), client: HTTPClient(), spans: spans)
        let result: Result<T, any Error>
        do { result = .success(try await body(harness)) } catch { result = .failure(error) }
        await harness.client.shutdown()
        await outbound.shutdown()
        await service.shutdown()
        await harness.harness.shutdown()
        return try result.get()
    }

    var serviceURL: String { "http://127.0.0.1:\(service.port)/test" }

    /// Sends `POST /test` with `headers` (lines in order, repeated names kept) and a body
    /// asking for `count` callbacks; returns the header lines of each callback, in order.
    func callbacks(headers: [(String, String)], count: Int = 1) async throws -> [HTTPHeaders] {
        let token = UUID().uuidString
        let body = (0..<count).map { #"{"url": "\#(harness.url("/callback/\(token)/\($0)"))", "arguments": []}"# }
        let response = try await client.execute(
            ClientRequest(method: .post, url: serviceURL, headers: HTTPHeaders(headers), body: Array("[\(body.joined(separator: ","))]".utf8))
        )
        #expect(response.status == .ok, "\(response.status) \(response.text)")
        let received = harness.requests.filter { $0.uri.hasPrefix("/callback/\(token)/") }
        try #require(received.map(\.uri) == (0..<count).map { "/callback/\(token)/\($0)" }, "callbacks: \(received.map(\.uri))")
        return received.map(\.headers)
    }

    /// One callback's `traceparent` and `tracestate`, as `make_single_request_and_get_tracecontext` reads them.
    func callback(headers: [(String, String)]) async throws -> (traceparent: Traceparent, tracestate: Tracestate) {
        let received = try #require(try await callbacks(headers: headers).first)
        return (try Traceparent(received), Tracestate(received))
    }

    /// The suite's `Traceparent`: exactly one header line of the name in any case, matching
    /// `^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$`.
    struct Traceparent: Sendable {
        var version: String
        var traceID: String
        var parentID: String
        var flags: UInt8

        init(_ headers: HTTPHeaders) throws {
            let lines = headers.values(for: "traceparent")
            try #require(lines.count == 1, "expect one traceparent header, got \(lines)")
            let fields = lines[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            let lengths = fields.map(\.utf8.count)
            let lowercaseHex = fields.allSatisfy { $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } }
            try #require(lengths == [2, 32, 16, 2] && lowercaseHex, "malformed traceparent \(lines[0])")
            (version, traceID, parentID) = (fields[0], fields[1], fields[2])
            flags = UInt8(fields[3], radix: 16)!
        }

        var isSampled: Bool { flags & 1 == 1 }
    }

    /// The suite's `Tracestate`: every `tracestate` line's members, in order, OWS trimmed.
    struct Tracestate: Sendable {
        var members: [(key: String, value: String)] = []

        init(_ headers: HTTPHeaders) {
            for line in headers.values(for: "tracestate") {
                for member in line.split(separator: ",") {
                    let trimmed = member.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
                    guard let equals = trimmed.firstIndex(of: "=") else { continue }
                    members.append((String(trimmed[..<equals]), String(trimmed[trimmed.index(after: equals)...])))
                }
            }
        }

        subscript(key: String) -> String? { members.first { $0.key == key }?.value }

        var keys: [String] { members.map(\.key) }
    }
}
