import Foundation
import Spanscope
import Testing
import Tracing

/// A trace that crosses from this process into a Python service and back to the store
/// through the receiver: one trace, whichever part completes first.
@Suite struct OTLPReceiverMergeTests {
    private struct ChildExport: Decodable {
        var exportResult: String
        var spanIds: [String]
    }

    private struct HeaderInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
            carrier[key] = value
        }
    }

    @Test(arguments: [false, true])
    func receivedSpansJoinTheLocalTrace(localPartEndsFirst: Bool) async throws {
        let hub = try ReceiverHub.start()
        let tracer = SpanscopeTracer(serviceName: "frontend", recorder: hub.store, environment: [:])
        let root = tracer.startSpan("GET /checkout", context: .topLevel, ofKind: .server)
        let call = tracer.startSpan("POST /orders", context: root.context, ofKind: .client)
        var headers: [String: String] = [:]
        tracer.inject(call.context, into: &headers, using: HeaderInjector())
        let traceparent = try #require(headers["traceparent"])
        if localPartEndsFirst {
            call.end()
            root.end()
        }
        let result = try await PythonPeer.run("otlp_sdk_child.py", arguments: [hub.url, traceparent])
        if !localPartEndsFirst {
            call.end()
            root.end()
        }
        await hub.shutdown()
        try #require(result.status == 0, "\(result.standardError)")
        let child = try JSONDecoder().decode(ChildExport.self, from: Data(result.standardOutput.utf8))
        #expect(child.exportResult == "SUCCESS")

        let trace = try #require(hub.store.trace(id: root.context.spanContext!.traceID))
        #expect(Set(trace.spans.map(\.spanID.description)) == Set(child.spanIds + [
            root.context.spanContext!.spanID.description, call.context.spanContext!.spanID.description,
        ]))
        let summary = try #require(hub.store.summary(id: root.context.spanContext!.traceID))
        #expect(summary.rootName == "GET /checkout")
        #expect(summary.services == ["frontend", "py-orders"])
        #expect(summary.spanCount == 4)
        let server = try #require(trace.spans.first { $0.serviceName == "py-orders" && $0.kind == .server })
        #expect(server.parentSpanID == call.context.spanContext!.spanID)
        #expect(server.parentIsRemote)
    }
}
