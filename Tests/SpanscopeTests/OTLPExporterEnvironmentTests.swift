import InMemoryLogging
import Spanscope
import SpanscopeTestSupport
import Testing

/// The OpenTelemetry specification's "OTLP Exporter" and "Batch Span Processor"
/// environment variables, rule by rule.
@Suite struct OTLPExporterEnvironmentTests {
    private func configuration(_ environment: [String: String], warnings: InMemoryLogHandler = InMemoryLogHandler()) throws -> OTLPExporter.Configuration {
        try OTLPExporter.Configuration(environment: environment, logger: warnings.logger)
    }

    @Test func nothingSetGivesOpenTelemetrysDefaults() throws {
        let exporter = try configuration([:])
        #expect(exporter.endpoint == "http://localhost:4318/v1/traces")
        #expect(exporter.protocol == .httpProtobuf)
        #expect(exporter.compression == .none)
        #expect(exporter.headers.count == 0)
        #expect(exporter.timeout == .seconds(10))
        let processor = BatchSpanProcessor.Configuration(environment: [:])
        #expect(processor == BatchSpanProcessor.Configuration(
            scheduleDelay: .milliseconds(5000), exportTimeout: .milliseconds(30000), maxQueueSize: 2048, maxExportBatchSize: 512
        ))
    }

    // "For the per-signal variables (OTEL_EXPORTER_OTLP_<signal>_ENDPOINT), the URL MUST be used
    // as-is"; the base endpoint gets `v1/traces` relative to it.
    @Test(arguments: [
        ("http://collector:4318", "http://collector:4318/v1/traces"),
        ("http://collector:4318/", "http://collector:4318/v1/traces"),
        ("http://collector:4318/mypath", "http://collector:4318/mypath/v1/traces"),
        ("http://collector:4318/mypath/", "http://collector:4318/mypath/v1/traces"),
    ])
    func theBaseEndpointGetsTheSignalPath(base: String, expected: String) throws {
        #expect(try configuration(["OTEL_EXPORTER_OTLP_ENDPOINT": base]).endpoint == expected)
    }

    @Test func theTracesEndpointIsUsedAsIsAndWins() throws {
        let environment = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://base:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://traces:9411/custom"]
        #expect(try configuration(environment).endpoint == "http://traces:9411/custom")
        #expect(try configuration(["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://traces:4318"]).endpoint == "http://traces:4318")
    }

    // "An empty value ... MUST be treated the same way as when the variable is unset."
    @Test func anEmptyVariableIsUnset() throws {
        let environment = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://base:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "",
                           "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"]
        let parsed = try configuration(environment)
        #expect(parsed.endpoint == "http://base:4318/v1/traces")
        #expect(parsed.protocol == .httpJSON)
    }

    // Headers are "a list of key-value pairs ... in the W3C Baggage format", values percent-decoded.
    @Test func headersArePercentDecodedPairs() throws {
        let warnings = InMemoryLogHandler()
        let list = "api-key=abc%20def%2C1 , x-scope-orgid = tenant%3D1,no-value,=anonymous,bad%0Aname=x,empty="
        let headers = try configuration(["OTEL_EXPORTER_OTLP_HEADERS": list], warnings: warnings).headers
        #expect(headers.fields.map { "\($0.name):\($0.value)" } == ["api-key:abc def,1", "x-scope-orgid:tenant=1", "empty:"])
        #expect(warnings.warnings.count == 3, "\(warnings.warnings)")
        #expect(warnings.warnings.allSatisfy { $0.hasPrefix("OTEL_EXPORTER_OTLP_HEADERS=") })
    }

    @Test func theTracesHeadersReplaceTheGenericOnes() throws {
        let environment = ["OTEL_EXPORTER_OTLP_HEADERS": "a=1,b=2", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "b=3"]
        #expect(try configuration(environment).headers.fields.map { "\($0.name)=\($0.value)" } == ["b=3"])
    }

    @Test func protocolCompressionAndTimeoutPreferTheTracesVariables() throws {
        let environment = [
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/json",
            "OTEL_EXPORTER_OTLP_COMPRESSION": "none", "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "gzip",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "1000", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT": "2500",
        ]
        let parsed = try configuration(environment)
        #expect(parsed.protocol == .httpJSON)
        #expect(parsed.compression == .gzip)
        #expect(parsed.timeout == .milliseconds(2500))
        #expect(try configuration(["OTEL_EXPORTER_OTLP_TIMEOUT": "1000", "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"]).timeout == .seconds(1))
    }

    @Test(arguments: ["grpc", "http/xml", "HTTP/PROTOBUF"])
    func aProtocolOtherThanHTTPIsAnError(value: String) throws {
        let error = #expect(throws: OTLPExporterError.self) {
            try configuration(["OTEL_EXPORTER_OTLP_PROTOCOL": value])
        }
        #expect(error == .unsupportedProtocol(variable: "OTEL_EXPORTER_OTLP_PROTOCOL", value: value))
        #expect(error?.description.contains("http/protobuf or http/json") == true)
    }

    @Test func unusableValuesWarnAndKeepTheDefaults() throws {
        let warnings = InMemoryLogHandler()
        let parsed = try configuration(["OTEL_EXPORTER_OTLP_COMPRESSION": "zstd", "OTEL_EXPORTER_OTLP_TIMEOUT": "ten"], warnings: warnings)
        #expect(parsed.compression == .none)
        #expect(parsed.timeout == .seconds(10))
        #expect(warnings.warnings.sorted() == [
            "OTEL_EXPORTER_OTLP_COMPRESSION=zstd is neither gzip nor none; requests are not compressed",
            "OTEL_EXPORTER_OTLP_TIMEOUT=ten is not a non-negative number of milliseconds; the default applies",
        ])
        #expect(try configuration(["OTEL_EXPORTER_OTLP_COMPRESSION": "GZIP"]).compression == .gzip)
    }

    @Test func theBatchProcessorVariables() {
        let warnings = InMemoryLogHandler()
        let parsed = BatchSpanProcessor.Configuration(environment: [
            "OTEL_BSP_SCHEDULE_DELAY": "250", "OTEL_BSP_EXPORT_TIMEOUT": "1500",
            "OTEL_BSP_MAX_QUEUE_SIZE": "100", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "10",
        ], logger: warnings.logger)
        #expect(parsed == BatchSpanProcessor.Configuration(
            scheduleDelay: .milliseconds(250), exportTimeout: .milliseconds(1500), maxQueueSize: 100, maxExportBatchSize: 10
        ))
        #expect(warnings.warnings.isEmpty)
    }

    @Test func badBatchProcessorValuesWarnAndTheBatchNeverExceedsTheQueue() {
        let warnings = InMemoryLogHandler()
        let parsed = BatchSpanProcessor.Configuration(environment: [
            "OTEL_BSP_SCHEDULE_DELAY": "-5", "OTEL_BSP_EXPORT_TIMEOUT": "soon",
            "OTEL_BSP_MAX_QUEUE_SIZE": "64", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "0",
        ], logger: warnings.logger)
        #expect(parsed == BatchSpanProcessor.Configuration(maxQueueSize: 64, maxExportBatchSize: 64))
        #expect(warnings.warnings.count == 3, "\(warnings.warnings)")

        let clamped = BatchSpanProcessor.Configuration(
            environment: ["OTEL_BSP_MAX_QUEUE_SIZE": "64", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "100"], logger: warnings.logger
        )
        #expect(clamped.maxExportBatchSize == 64)
        #expect(warnings.warnings.last == "OTEL_BSP_MAX_EXPORT_BATCH_SIZE=100 exceeds the queue size 64, which applies instead")
    }

    @Test func anEndpointThatIsNotPlainHTTPIsRefused() throws {
        #expect(throws: OTLPExporterError.unsupportedEndpoint("https://collector:4318/v1/traces")) {
            try OTLPExporter(configuration: .init(endpoint: "https://collector:4318/v1/traces"))
        }
    }

    /// The variables reach the wire: endpoint, headers, protocol and compression.
    @Test func anExporterConfiguredFromTheEnvironmentSendsAsItSays() async throws {
        let collector = try CollectorStandIn()
        let base = String(collector.endpoint.dropLast("/v1/traces".count))
        let exporter = try OTLPExporter(configuration: configuration([
            "OTEL_EXPORTER_OTLP_ENDPOINT": base, "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "authorization=Basic%20dXNlcg%3D%3D",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip",
        ]))
        let result = await exporter.export(OTLPFixture.spans)
        #expect(result.outcome == .accepted(rejectedSpans: 0, message: ""))
        let request = try #require(collector.requests.first)
        #expect(request.headers["Authorization"] == "Basic dXNlcg==")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Content-Encoding"] == "gzip")
        let body = try Gzip.decompress(request.body, maxDecompressedBytes: 1 << 20)
        try OTLPJSONRules.expectFollowed(by: body)
        await exporter.shutdown()
        await collector.shutdown()
    }
}
