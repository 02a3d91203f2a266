import Foundation
import Spanscope
import Testing

/// The OpenTelemetry Python SDK and the opentelemetry-proto package as real OTLP senders.
/// One script at a time: each Python start costs a core for a second or more, and two cores
/// are shared with the rest of the suite, whose exporter tests have deadlines.
@Suite(.serialized) struct OTLPReceiverPeerTests {
    private struct SDKExport: Decodable {
        var exportResult: String
        var spans: [ExportedSpan]
    }

    private struct RawExchange: Decodable {
        struct PartialSuccess: Decodable {
            var rejectedSpans: Int
            var errorMessage: String
        }

        struct RPCStatus: Decodable {
            var code: Int
            var message: String
        }

        var status: Int
        var contentType: String?
        var partialSuccess: PartialSuccess?
        var rpcStatus: RPCStatus?
        var spans: [ExportedSpan]?
    }

    @Test(arguments: ["protobuf", "json"], ["none", "gzip"])
    func theSDKsExportArrivesExactly(encoding: String, compression: String) async throws {
        let hub = try ReceiverHub.start()
        let result = try await PythonPeer.run("otlp_sdk_export.py", arguments: [hub.url, encoding, compression])
        await hub.shutdown()
        try #require(result.status == 0, "\(result.standardError)")
        let export = try JSONDecoder().decode(SDKExport.self, from: Data(result.standardOutput.utf8))
        #expect(export.exportResult == "SUCCESS", "\(result.standardError)")
        #expect(export.spans.count == 6)
        try expectStored(export.spans, in: hub.store)
        let received = hub.store.statistics().received
        #expect((received.requests, received.spans, received.rejectedSpans) == (1, 6, 0))
    }

    @Test(arguments: ["protobuf", "json"])
    func everyValueTypeArrivesAndInvalidSpansAreRejectedAlone(encoding: String) async throws {
        let hub = try ReceiverHub.start()
        let result = try await PythonPeer.run("otlp_raw_request.py", arguments: [hub.url, encoding])
        await hub.shutdown()
        try #require(result.status == 0, "\(result.standardError)")
        let exchange = try JSONDecoder().decode(RawExchange.self, from: Data(result.standardOutput.utf8))
        #expect(exchange.status == 200)
        #expect(exchange.contentType == (encoding == "protobuf" ? "application/x-protobuf" : "application/json"))
        let partial = try #require(exchange.partialSuccess)
        #expect(partial.rejectedSpans == 6)
        #expect(partial.errorMessage.hasPrefix(#"6 spans rejected: span "short trace id": traceId is 3 bytes, not 16; "#))
        #expect(partial.errorMessage.contains(#"span "zero span id": spanId is all zeros"#))
        try expectStored(try #require(exchange.spans), in: hub.store)
        #expect(hub.store.statistics().received.rejectedSpans == 6)
    }

    @Test(arguments: ["protobuf", "json"])
    func aBrokenPayloadIsA400WithAStatusThePeerReads(encoding: String) async throws {
        let hub = try ReceiverHub.start()
        let result = try await PythonPeer.run("otlp_raw_request.py", arguments: [hub.url, encoding, "broken"])
        await hub.shutdown()
        try #require(result.status == 0, "\(result.standardError)")
        let exchange = try JSONDecoder().decode(RawExchange.self, from: Data(result.standardOutput.utf8))
        #expect(exchange.status == 400)
        let status = try #require(exchange.rpcStatus)
        #expect(status.code == 3)
        #expect(status.message.hasPrefix(encoding == "protobuf" ? "not an ExportTraceServiceRequest" : "resourceSpans[]: expected an object"))
        #expect(hub.store.statistics().received.refusedRequests == 1)
    }
}
