/// Why an `OTLPExporter` cannot be made with a configuration.
///
/// ```swift
/// do {
///     exporter = try OTLPExporter(configuration: .init(environment: SpanscopeTracer.processEnvironment))
/// } catch {
///     logger.error("no export: \(error)") // OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: ...
/// }
/// ```
public enum OTLPExporterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The protocol variable names something other than `http/protobuf` or `http/json`.
    case unsupportedProtocol(variable: String, value: String)
    /// The endpoint is not an `http://` URL (`https://` included: the client has no TLS).
    case unsupportedEndpoint(String)

    public var description: String {
        switch self {
        case .unsupportedProtocol(let variable, let value):
            "\(variable)=\(value) is not supported: Spanscope exports OTLP over HTTP only; "
                + "set it to http/protobuf or http/json and point the endpoint at the collector's HTTP port (4318)"
        case .unsupportedEndpoint(let endpoint):
            "OTLP endpoint '\(endpoint)' is not supported: Spanscope's HTTP client speaks plain http:// only; "
                + "send to a local collector or sidecar that forwards over TLS"
        }
    }
}
