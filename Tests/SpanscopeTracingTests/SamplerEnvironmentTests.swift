import InMemoryLogging
import SpanscopeTestSupport
import SpanscopeTracing
import Testing

/// `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` (OpenTelemetry "Environment Variable Specification").
@Suite struct SamplerEnvironmentTests {
    private func sampler(_ environment: [String: String], logs: InMemoryLogHandler = InMemoryLogHandler()) -> String {
        SpanscopeTracer.sampler(environment: environment, logger: logs.logger).description
    }

    private static let parentBasedAlwaysOn = ParentBasedSampler(root: AlwaysOnSampler()).description

    @Test func defaultIsParentBasedAlwaysOn() {
        #expect(sampler([:]) == Self.parentBasedAlwaysOn)
        #expect(sampler(["OTEL_TRACES_SAMPLER": ""]) == Self.parentBasedAlwaysOn)
    }

    @Test(arguments: [
        ("always_on", AlwaysOnSampler().description),
        ("ALWAYS_OFF", AlwaysOffSampler().description),
        ("traceidratio", TraceIDRatioSampler(ratio: 0.25).description),
        ("parentbased_always_on", ParentBasedSampler(root: AlwaysOnSampler()).description),
        ("parentbased_always_off", ParentBasedSampler(root: AlwaysOffSampler()).description),
        ("parentbased_traceidratio", ParentBasedSampler(root: TraceIDRatioSampler(ratio: 0.25)).description),
    ])
    func namedSamplers(name: String, expected: String) {
        #expect(sampler(["OTEL_TRACES_SAMPLER": name, "OTEL_TRACES_SAMPLER_ARG": "0.25"]) == expected)
    }

    @Test func missingRatioIsOneWithoutWarning() {
        let logs = InMemoryLogHandler()
        #expect(sampler(["OTEL_TRACES_SAMPLER": "traceidratio"], logs: logs) == TraceIDRatioSampler(ratio: 1).description)
        #expect(logs.warnings.isEmpty)
    }

    @Test(arguments: ["abc", "1.5", "-0.1", "nan"])
    func invalidRatioIsOneWithAWarning(argument: String) {
        let logs = InMemoryLogHandler()
        let described = sampler(["OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": argument], logs: logs)
        #expect(described == TraceIDRatioSampler(ratio: 1).description)
        #expect(logs.warnings.count == 1)
        #expect(logs.warnings.first?.contains("OTEL_TRACES_SAMPLER_ARG") == true)
    }

    @Test func unknownSamplerIsTheDefaultWithAWarning() {
        let logs = InMemoryLogHandler()
        #expect(sampler(["OTEL_TRACES_SAMPLER": "jaeger_remote"], logs: logs) == Self.parentBasedAlwaysOn)
        #expect(logs.warnings.count == 1)
    }
}
