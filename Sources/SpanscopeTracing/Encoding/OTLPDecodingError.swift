/// Why an OTLP request body could not be read, in either encoding: not OTLP/JSON or
/// OTLP/protobuf at all, or not shaped as an `ExportTraceServiceRequest`.
///
/// ```swift
/// do { _ = try OTLPJSONDecoder().decodeRequest(body) } catch { print(error.description) }
/// ```
public struct OTLPDecodingError: Error, CustomStringConvertible {
    public var description: String

    package init(_ description: String) {
        self.description = description
    }
}
