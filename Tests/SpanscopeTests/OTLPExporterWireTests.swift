import Foundation
import Spanscope
import SpanscopeOTLP
import Testing

/// Decodes request bodies with OpenTelemetry's Python codecs (`Tests/python/decode_otlp_requests.py`):
/// `opentelemetry-proto` for protobuf, `opentelemetry-proto-json` for OTLP/JSON.
private func decodedInPython(_ bodies: [[UInt8]], protocol: OTLPProtocol, compression: OTLPCompression) async throws -> [Any] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for (index, body) in bodies.enumerated() {
        let file = folder.appendingPathComponent("\(index).body")
        try Data(body).write(to: file)
        paths.append(file.path)
    }
    let format = `protocol` == .httpProtobuf ? "protobuf" : "json"
    let result = try await PythonPeer.run("decode_otlp_requests.py", arguments: [format, compression.rawValue] + paths)
    try #require(result.status == 0, "\(result.standardError)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [Any])
}

private func exporter(for collector: CollectorStandIn, _ configure: (inout OTLPExporter.Configuration) -> Void = { _ in }) throws -> OTLPExporter {
    var configuration = OTLPExporter.Configuration(endpoint: collector.endpoint)
    configure(&configuration)
    return try OTLPExporter(configuration: configuration)
}

@Suite struct OTLPExporterWireTests {
    @Test(arguments: OTLPProtocol.allCases, OTLPCompression.allCases)
    func everyFieldArrivesAsOpenTelemetrysCodecsReadIt(protocol: OTLPProtocol, compression: OTLPCompression) async throws {
        let collector = try CollectorStandIn()
        let exporter = try exporter(for: collector) {
            $0.protocol = `protocol`
            $0.compression = compression
        }
        let result = await exporter.export(OTLPFixture.spans)
        #expect(result == OTLPExportResult(spanCount: OTLPFixture.spans.count, outcome: .accepted(rejectedSpans: 0, message: ""), retries: 0))
        let request = try #require(collector.requests.first)
        #expect(request.headers["Content-Type"] == (`protocol` == .httpProtobuf ? "application/x-protobuf" : "application/json"))
        #expect(request.headers["Content-Encoding"] == (compression == .gzip ? "gzip" : nil))
        #expect(request.headers["User-Agent"]?.hasPrefix("OTel-OTLP-Exporter-Swift/") == true)
        if compression == .gzip {
            #expect(request.body.prefix(2) == [0x1F, 0x8B], "a gzip member on the wire")
        }

        let documents = try await decodedInPython([request.body], protocol: `protocol`, compression: compression)
        try OTLPDocumentCheck.expectSpans(OTLPFixture.spans, in: try #require(documents.first))

        if `protocol` == .httpJSON {
            let body = compression == .gzip ? try Gzip.decompress(request.body, maxDecompressedBytes: 1 << 20) : request.body
            try OTLPJSONRules.expectFollowed(by: body)
            try OTLPDocumentCheck.expectSpans(OTLPFixture.spans, in: try JSONSerialization.jsonObject(with: Data(body)))
        }
        await exporter.shutdown()
        await collector.shutdown()
    }

    /// The rules check itself must fail on what OTLP/JSON forbids, or it proves nothing.
    @Test func theRulesCheckCatchesProtobufsStandardJSONMapping() throws {
        let standardMapping = #"""
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"S/kvNXezTaajzpKdDg5HNg==","spanId":"APBnqgupArc=",
        "kind":"SPAN_KIND_SERVER","startTimeUnixNano":1763000000123456789,"trace_state":"",
        "attributes":[{"key":"k","value":{"intValue":5,"stringValue":"x"}},{"key":"b","value":{"boolValue":1}}]}]}]}]}
        """#
        let violations = try OTLPJSONRules.violations(in: Array(standardMapping.utf8))
        #expect(violations.count == 8, "\(violations)")
        for path in ["traceId", "spanId", "kind", "startTimeUnixNano", "trace_state", "value", "intValue", "boolValue"] {
            #expect(violations.contains { $0.contains(".\(path) = ") }, "\(path) in \(violations)")
        }
    }

    @Test func configuredHeadersAreSentAndCannotReplaceTheContentType() async throws {
        let collector = try CollectorStandIn()
        let exporter = try exporter(for: collector) {
            $0.headers = ["Authorization": "Bearer s3cret", "X-Scope-OrgID": "tenant-1", "Content-Type": "text/plain"]
        }
        _ = await exporter.export(Array(OTLPFixture.spans.prefix(1)))
        let request = try #require(collector.requests.first)
        #expect(request.headers["Authorization"] == "Bearer s3cret")
        #expect(request.headers["X-Scope-OrgID"] == "tenant-1")
        #expect(request.headers.values(for: "Content-Type") == ["application/x-protobuf"])
        await exporter.shutdown()
        await collector.shutdown()
    }

    @Test func spansAreGroupedByResourceThenScopeInOrderOfFirstAppearance() throws {
        let spans = OTLPFixture.spans
        let request = OTLPProtobufEncoder().request(spans: spans)
        let services = request.resourceSpans.map { group in
            group.resource.attributes.first { $0.key == "service.name" }?.value.stringValue
        }
        #expect(services == ["checkout", "db-proxy"])
        #expect(request.resourceSpans.allSatisfy { $0.hasResource && $0.scopeSpans.allSatisfy(\.hasScope) })
        let scopes = request.resourceSpans.map { $0.scopeSpans.map(\.scope.name) }
        #expect(scopes == [["", OTLPFixture.driver.name], [OTLPFixture.proxy.name, ""]])
        let driver = request.resourceSpans[0].scopeSpans[1].scope
        #expect(driver.version == OTLPFixture.driver.version)
        #expect(driver.attributes.map(\.key) == ["pool.size"])
        #expect(driver.droppedAttributesCount == 1)
        let names = request.resourceSpans.map { $0.scopeSpans.map { $0.spans.map(\.name) } }
        let expected = [
            [(OTLPFixture.checkout, InstrumentationScope()), (OTLPFixture.checkout, OTLPFixture.driver)],
            [(OTLPFixture.database, OTLPFixture.proxy), (OTLPFixture.database, InstrumentationScope())],
        ].map { groups in
            groups.map { resource, scope in spans.filter { $0.resource == resource && $0.scope == scope }.map(\.name) }
        }
        #expect(names == expected)
        #expect(names.joined().allSatisfy { !$0.isEmpty })

        let traces = [Trace(traceID: OTLPFixture.traceID, spans: Array(spans.prefix(3))), Trace(traceID: OTLPFixture.otherTraceID, spans: Array(spans.dropFirst(3)))]
        #expect(try OTLPProtobufEncoder().encode(traces: traces) == OTLPProtobufEncoder().encode(spans: spans))
    }

    /// What our encoders write, our decoders (the receiver's) read back with each span's resource
    /// and scope; encoding the result again gives the same bytes, so no field was lost on the way.
    @Test(arguments: OTLPProtocol.allCases)
    func resourcesAndScopesRoundTripThroughOurDecoders(protocol: OTLPProtocol) throws {
        let (encode, decode): (([SpanRecord]) throws -> [UInt8], ([UInt8]) throws -> OTLPDecodedSpans) = switch `protocol` {
        case .httpProtobuf: ({ try OTLPProtobufEncoder().encode(spans: $0) }, { try OTLPProtobufDecoder().decodeRequest($0) })
        case .httpJSON: ({ OTLPJSONEncoder().encode(spans: $0) }, { try OTLPJSONDecoder().decodeRequest($0) })
        }
        let body = try encode(OTLPFixture.spans)
        let decoded = try decode(body)
        #expect(decoded.rejectedSpanCount == 0)
        let byID = Dictionary(uniqueKeysWithValues: decoded.spans.map { ($0.spanID, $0) })
        for span in OTLPFixture.spans {
            let copy = try #require(byID[span.spanID], "\(span.name)")
            #expect(copy.resource == span.resource, "\(span.name)")
            #expect(copy.scope == span.scope, "\(span.name)")
        }
        #expect(Set(decoded.spans.map(\.scope)).count == 3, "the empty scope and two named ones")
        #expect(try encode(decoded.spans) == body)
    }

    @Test(arguments: [
        (#"{"partialSuccess":{"rejectedSpans":"2","errorMessage":"span name too long"},"unknownField":1}"#, "application/json"),
        ("", "application/json"),
    ])
    func partialSuccessIsReadFromJSON(body: String, contentType: String) async throws {
        try await expectPartialSuccess(answer: Array(body.utf8), contentType: contentType, protocol: .httpJSON,
                                       rejected: body.isEmpty ? 0 : 2, message: body.isEmpty ? "" : "span name too long")
    }

    @Test func partialSuccessIsReadFromProtobuf() async throws {
        var response = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
        response.partialSuccess.rejectedSpans = 3
        response.partialSuccess.errorMessage = "attribute limit"
        try await expectPartialSuccess(answer: try response.serializedBytes(), contentType: "application/x-protobuf",
                                       protocol: .httpProtobuf, rejected: 3, message: "attribute limit")
    }

    @Test func anUnreadableSuccessBodyIsStillSuccess() async throws {
        try await expectPartialSuccess(answer: Array("<html>ok</html>".utf8), contentType: "application/x-protobuf",
                                       protocol: .httpProtobuf, rejected: 0, message: "")
    }

    private func expectPartialSuccess(
        answer: [UInt8], contentType: String, protocol: OTLPProtocol, rejected: Int, message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let collector = try CollectorStandIn(then: .status(.ok, headers: ["Content-Type": contentType], body: answer))
        let exporter = try exporter(for: collector) { $0.protocol = `protocol` }
        let result = await exporter.export(OTLPFixture.spans)
        #expect(result.outcome == .accepted(rejectedSpans: rejected, message: message), sourceLocation: sourceLocation)
        await exporter.shutdown()
        await collector.shutdown()
    }
}
