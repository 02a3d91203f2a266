public import Logging

extension OTLPExporter.Configuration {
    /// The configuration OpenTelemetry's variables describe; each variable of the form
    /// `OTEL_EXPORTER_OTLP_TRACES_<X>` wins over `OTEL_EXPORTER_OTLP_<X>`:
    ///
    /// - endpoint: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is, else `OTEL_EXPORTER_OTLP_ENDPOINT`
    ///   as a base URL with `/v1/traces` appended, else `http://localhost:4318/v1/traces`
    /// - `..._HEADERS`: `key=value,key2=value2`, keys and values percent-decoded (the W3C
    ///   baggage form); the traces variable replaces the generic one as a whole
    /// - `..._PROTOCOL`: `http/protobuf` (default) or `http/json`
    /// - `..._COMPRESSION`: `gzip` or `none` (default)
    /// - `..._TIMEOUT`: milliseconds per request, 10000 by default
    ///
    /// A malformed value is a warning and its default applies; a header entry that is not
    /// `key=value` is left out with a warning.
    ///
    /// - Throws: `OTLPExporterError.unsupportedProtocol` for `grpc` or any other protocol:
    ///   sending over HTTP to a collector that expects gRPC would only fail later.
    ///
    /// ```swift
    /// let configuration = try OTLPExporter.Configuration(environment: SpanscopeTracer.processEnvironment)
    /// ```
    public init(
        environment: [String: String],
        logger: Logger = OTLPExporter.defaultLogger
    ) throws(OTLPExporterError) {
        self.init()
        let reader = ExportEnvironment(environment: environment, logger: logger)
        if let endpoint = reader.string("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            self.endpoint = endpoint
        } else if let base = reader.string("OTEL_EXPORTER_OTLP_ENDPOINT") {
            self.endpoint = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
        }
        if let (name, value) = reader.otlpOption("HEADERS") {
            headers = Self.headers(parsing: value, variable: name, reader: reader)
        }
        if let (name, value) = reader.otlpOption("PROTOCOL") {
            guard let parsed = OTLPProtocol(rawValue: value) else {
                throw .unsupportedProtocol(variable: name, value: value)
            }
            self.protocol = parsed
        }
        if let (name, value) = reader.otlpOption("COMPRESSION") {
            if let parsed = OTLPCompression(rawValue: value.lowercased()) {
                compression = parsed
            } else {
                reader.warn(name, value, "is neither gzip nor none; requests are not compressed")
            }
        }
        if let (name, value) = reader.otlpOption("TIMEOUT"), let parsed = reader.milliseconds(name, value) {
            timeout = parsed
        }
    }

    private static func headers(parsing list: String, variable: String, reader: ExportEnvironment) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for entry in list.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let name = parts[0].removingPercentEncoding?.trimmingCharacters(in: .whitespaces),
                  let value = parts[1].removingPercentEncoding?.trimmingCharacters(in: .whitespaces),
                  HTTPHeaders.isValidName(name), HTTPHeaders.isValidValue(value)
            else {
                reader.warn(variable, String(entry), "is not a key=value header; left out")
                continue
            }
            headers.add(name, value)
        }
        return headers
    }

}
