import Foundation
import Spanscope
import Testing

/// A real peer: the OpenTelemetry Python SDK with its `requests` instrumentation calls a
/// Swift service, which continues the Python client's trace and answers with its own span.
@Suite struct PythonRequestsPeerTests {
    struct PeerOutput: Decodable {
        var trace_id: String
        var span_id: String
        var status: Int
        var traceresponse: String?
    }

    @Test func serviceContinuesThePythonClientsTraceAndNamesItsSpan() async throws {
        try await TracedServer.with(serviceName: "swift-service", routes: { router in
            router.get("/hello/:name") { _, context in Response(text: "hello, \(context.parameters["name"] ?? "")") }
        }) { server in
            let result = try await PythonPeer.run("requests_client.py", arguments: [server.url("/hello/python")])
            #expect(result.status == 0, "\(result.standardError)")
            let output = try JSONDecoder().decode(PeerOutput.self, from: Data(result.standardOutput.utf8))
            #expect(output.status == 200)
            let traceResponse = try TraceParent(try #require(output.traceresponse, "the client received no traceresponse"))

            let trace = try await server.trace(traceResponse.traceID)
            let span = try #require(trace.spans.first { $0.spanID == traceResponse.parentID })
            // The server span is the Python client span's child, in the client's trace ...
            #expect(span.traceID.description == output.trace_id)
            #expect(span.parentSpanID?.description == output.span_id)
            #expect(span.parentIsRemote)
            #expect(span.name == "GET /hello/:name")
            #expect(span.serviceName == "swift-service")
            // ... and the traceresponse the client received names that trace and that span,
            // sampled, as the client's SDK sampled its own span.
            #expect(traceResponse.traceID.description == output.trace_id)
            #expect(traceResponse.parentID == span.spanID)
            #expect(traceResponse.flags.contains(.sampled))
            if case .string(let userAgent)? = span["user_agent.original"] {
                #expect(userAgent.hasPrefix("python-requests/"))
            } else {
                Issue.record("no user_agent.original")
            }
        }
    }
}
