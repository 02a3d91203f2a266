public import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Resource {
    /// The SDK version written as `telemetry.sdk.version`.
    public static let sdkVersion = "0.1.0"

    /// This process as an OpenTelemetry resource. Sources, strongest first: the arguments,
    /// then `OTEL_SERVICE_NAME`, then `OTEL_RESOURCE_ATTRIBUTES`, then what the process
    /// knows of itself (`host.name`, `process.pid`, `process.executable.name`, `telemetry.sdk.*`).
    /// Without any `service.name` it is `unknown_service:<process name>`.
    ///
    /// ```swift
    /// let resource = Resource.detect(serviceName: "orders", serviceVersion: "1.4.2")
    /// resource.serviceName // "orders"
    /// ```
    public static func detect(
        serviceName: String? = nil,
        serviceVersion: String? = nil,
        environment: [String: String] = SpanscopeTracer.processEnvironment,
        logger: Logger = SpanscopeTracer.defaultLogger
    ) -> Resource {
        let reader = EnvironmentReader(environment: environment, logger: logger)
        let executable = processName
        var attributes = [
            Attribute("host.name", .string(hostName)),
            Attribute("process.pid", .int(Int64(getpid()))),
            Attribute("process.executable.name", .string(executable)),
            Attribute("telemetry.sdk.name", .string("spanscope")),
            Attribute("telemetry.sdk.language", .string("swift")),
            Attribute("telemetry.sdk.version", .string(sdkVersion)),
        ]
        if let text = reader.string("OTEL_RESOURCE_ATTRIBUTES") {
            if let parsed = ResourceAttributesVariable.parse(text) {
                for attribute in parsed { attributes.set(attribute) }
            } else {
                reader.warn("OTEL_RESOURCE_ATTRIBUTES", text, "is not a percent-encoded key=value list; ignored")
            }
        }
        if let name = serviceName ?? reader.string("OTEL_SERVICE_NAME") {
            attributes.set(Attribute("service.name", .string(name)))
        } else if attributes[key: "service.name"] == nil {
            attributes.set(Attribute("service.name", .string("unknown_service:" + executable)))
        }
        if let serviceVersion {
            attributes.set(Attribute("service.version", .string(serviceVersion)))
        }
        return Resource(attributes: attributes)
    }

    private static var processName: String {
        ProcessInfo.processInfo.processName
    }

    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Array where Element == Attribute {
    /// Replaces the value under the same key in place, or appends.
    fileprivate mutating func set(_ attribute: Attribute) {
        if let index = firstIndex(where: { $0.key == attribute.key }) {
            self[index] = attribute
        } else {
            append(attribute)
        }
    }
}
