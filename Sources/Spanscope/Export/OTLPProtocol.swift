import SpanscopeOTLP

/// The two encodings of OTLP over HTTP: how an `OTLPExporter` encodes its requests (the values
/// of `OTEL_EXPORTER_OTLP_PROTOCOL`), and how an `OTLPReceiver` reads and answers them.
/// (`grpc` is not one: Spanscope speaks HTTP/1.1 only.)
///
/// ```swift
/// var configuration = OTLPExporter.Configuration()
/// configuration.protocol = .httpJSON
/// ```
public enum OTLPProtocol: String, Sendable, Hashable, CaseIterable {
    /// `application/x-protobuf`, the OpenTelemetry SDKs' default.
    case httpProtobuf = "http/protobuf"
    /// `application/json` with OTLP/JSON's rules (hex IDs, integer enums, 64-bit integers as strings).
    case httpJSON = "http/json"

    /// The request's (and the answer's) `Content-Type`.
    public var contentType: String {
        switch self {
        case .httpProtobuf: OTLPProtobufEncoder.contentType
        case .httpJSON: OTLPJSONEncoder().contentType
        }
    }
}

/// Whether an `OTLPExporter` compresses its request bodies (`OTEL_EXPORTER_OTLP_COMPRESSION`).
///
/// ```swift
/// configuration.compression = .gzip
/// ```
public enum OTLPCompression: String, Sendable, Hashable, CaseIterable {
    case none
    /// `Content-Encoding: gzip`: batches of spans shrink several times over.
    case gzip
}
