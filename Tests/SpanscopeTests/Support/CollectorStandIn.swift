import Foundation
import Spanscope
import SpanscopeOTLP
import Synchronization
import Testing

/// A collector stand-in: our own `HTTPServer` on loopback, recording every
/// `POST /v1/traces` and answering as the test scripts it, answer by answer.
///
/// ```swift
/// let collector = try CollectorStandIn(answers: [.status(.serviceUnavailable), .status(.ok)])
/// let exporter = try OTLPExporter(configuration: .init(endpoint: collector.endpoint))
/// let requests = try await collector.requests(count: 2)
/// ```
final class CollectorStandIn: Sendable {
    struct Received: Sendable {
        var headers: HTTPHeaders
        var body: [UInt8]
        var time: ContinuousClock.Instant

        /// The names of the spans of a protobuf request, in order.
        func spanNames() throws -> [String] {
            let message = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(serializedBytes: body)
            return message.resourceSpans.flatMap { $0.scopeSpans.flatMap { $0.spans.map(\.name) } }
        }
    }

    enum Answer: Sendable {
        case status(HTTPStatus, headers: HTTPHeaders = [:], body: [UInt8] = [])
        /// Answers nothing until `release()`, then 200.
        case hang
    }

    private let server: HTTPServer
    private let recorder: Recorder

    /// `answers` are used in order; once they run out, every request gets `then`.
    /// Port 0 picks a free one.
    init(answers: [Answer] = [], then: Answer = .status(.ok), port: Int = 0) throws {
        let recorder = Recorder(script: answers + [then])
        var router = Router()
        router.post("/v1/traces") { request, _ in try await recorder.answer(request) }
        self.recorder = recorder
        server = HTTPServer(configuration: ServerConfiguration(port: port, loopCount: 1), router: router)
        try server.start()
    }

    var port: Int { server.port }

    var endpoint: String { "http://127.0.0.1:\(server.port)/v1/traces" }

    var requests: [Received] { recorder.received.withLock { $0 } }

    /// Waits for at least `count` requests, at most `timeout`.
    func requests(count: Int, timeout: Duration = .seconds(20)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while requests.count < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("the collector got \(requests.count) requests, not \(count), within \(timeout)")
                return requests
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return requests
    }

    /// Lets every hanging request answer 200.
    func release() {
        recorder.isReleased.store(true, ordering: .releasing)
    }

    func shutdown() async {
        release()
        await server.shutdown(gracePeriod: .seconds(2))
    }

    private final class Recorder: Sendable {
        let received = Mutex<[Received]>([])
        let script: Mutex<[Answer]>
        let isReleased = Atomic<Bool>(false)

        init(script: [Answer]) {
            self.script = Mutex(script)
        }

        func answer(_ request: Request) async throws -> Response {
            received.withLock { $0.append(Received(headers: request.headers, body: request.body, time: .now)) }
            let answer = script.withLock { script in script.count > 1 ? script.removeFirst() : script[0] }
            switch answer {
            case .status(let status, let headers, let body):
                return Response(status: status, headers: headers, body: .bytes(body))
            case .hang:
                while !isReleased.load(ordering: .acquiring) {
                    try await Task.sleep(for: .milliseconds(10))
                }
                return Response(status: .ok)
            }
        }
    }
}
