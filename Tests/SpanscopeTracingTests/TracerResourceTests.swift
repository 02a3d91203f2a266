#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import InMemoryLogging
import SpanscopeTestSupport
import SpanscopeTracing
import Testing

/// The resource: service name precedence, OTEL_RESOURCE_ATTRIBUTES, detected attributes.
@Suite struct TracerResourceTests {
    private func resource(serviceName: String? = nil, _ environment: [String: String], logs: InMemoryLogHandler = InMemoryLogHandler()) -> Resource {
        Resource.detect(serviceName: serviceName, environment: environment, logger: logs.logger)
    }

    @Test func serviceNameFromCodeWinsOverTheEnvironment() {
        let environment = ["OTEL_SERVICE_NAME": "env", "OTEL_RESOURCE_ATTRIBUTES": "service.name=attributes"]
        #expect(resource(serviceName: "code", environment).serviceName == "code")
    }

    // "If service.name is also provided in OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME takes precedence."
    @Test func otelServiceNameWinsOverResourceAttributes() {
        #expect(resource(["OTEL_SERVICE_NAME": "env", "OTEL_RESOURCE_ATTRIBUTES": "service.name=attributes"]).serviceName == "env")
    }

    @Test func resourceAttributesProvideTheServiceNameLast() {
        #expect(resource(["OTEL_RESOURCE_ATTRIBUTES": "service.name=attributes"]).serviceName == "attributes")
    }

    @Test func withoutAnyServiceNameItIsUnknownServiceAndTheProcessName() throws {
        let detected = resource([:])
        guard case .string(let executable)? = detected.attributes[key: "process.executable.name"] else {
            Issue.record("no process.executable.name")
            return
        }
        #expect(!executable.isEmpty)
        #expect(detected.serviceName == "unknown_service:" + executable)
    }

    // "The , and = characters in keys and values MUST be percent encoded"; values are strings.
    @Test func resourceAttributesArePercentDecoded() {
        let detected = resource(["OTEL_RESOURCE_ATTRIBUTES": " deployment.environment = prod , odd%2Ckey=a%3Db%20c%C3%A9 ,count=3"])
        #expect(detected.attributes[key: "deployment.environment"] == .string("prod"))
        #expect(detected.attributes[key: "odd,key"] == .string("a=b c\u{E9}"))
        #expect(detected.attributes[key: "count"] == .string("3"))
    }

    // "In case of any error ... the entire environment variable value SHOULD be discarded and an error SHOULD be reported".
    @Test(arguments: ["a=1,b", "a=1,=2", "a=%zz", "a=%C3"])
    func malformedResourceAttributesAreDiscardedWhole(value: String) {
        let logs = InMemoryLogHandler()
        let detected = resource(["OTEL_RESOURCE_ATTRIBUTES": value], logs: logs)
        #expect(detected.attributes[key: "a"] == nil)
        #expect(logs.warnings.count == 1)
    }

    @Test func resourceAttributesOverrideDetectedOnes() {
        #expect(resource(["OTEL_RESOURCE_ATTRIBUTES": "host.name=override"]).attributes[key: "host.name"] == .string("override"))
    }

    @Test func describesTheSDKAndTheProcess() {
        let detected = Resource.detect(serviceName: "svc", serviceVersion: "1.2.3", environment: [:])
        #expect(detected.attributes[key: "telemetry.sdk.name"] == .string("spanscope"))
        #expect(detected.attributes[key: "telemetry.sdk.language"] == .string("swift"))
        #expect(detected.attributes[key: "telemetry.sdk.version"] == .string(Resource.sdkVersion))
        #expect(detected.attributes[key: "service.version"] == .string("1.2.3"))
        #expect(detected.attributes[key: "process.pid"] == .int(Int64(getpid())))
        guard case .string(let host)? = detected.attributes[key: "host.name"] else {
            Issue.record("no host.name")
            return
        }
        #expect(!host.isEmpty)
    }
}
