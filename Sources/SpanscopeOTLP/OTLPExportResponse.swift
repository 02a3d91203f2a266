import SpanscopeTracing
import SwiftProtobuf

/// What a collector answered to a successful export (`ExportTraceServiceResponse`): how many
/// spans of the request it rejected all the same (`partial_success`), and why.
///
/// ```swift
/// let answer = try OTLPExportResponse(body: response.body, contentType: response.headers["Content-Type"])
/// if answer.rejectedSpans > 0 { logger.warning("collector rejected \(answer.rejectedSpans): \(answer.errorMessage)") }
/// ```
public struct OTLPExportResponse: Sendable, Hashable {
    /// Spans the collector refused; 0 when it took them all.
    public var rejectedSpans: Int64
    /// The collector's reason, or a warning even when nothing was rejected; may be empty.
    public var errorMessage: String

    public init(rejectedSpans: Int64 = 0, errorMessage: String = "") {
        self.rejectedSpans = rejectedSpans
        self.errorMessage = errorMessage
    }

    /// Reads a response body: OTLP/JSON when `contentType` is `application/json`, protobuf
    /// otherwise (OTLP/HTTP answers in the request's encoding). An empty body is full success.
    ///
    /// - Throws: SwiftProtobuf's decoding error when the body is neither.
    public init(body: [UInt8], contentType: String?) throws {
        self.init()
        guard !body.isEmpty else { return }
        let message: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse
        if contentType.map(mediaType(ofContentType:)) == "application/json" {
            var options = JSONDecodingOptions()
            // OTLP/JSON receivers and senders must ignore fields they do not know.
            options.ignoreUnknownFields = true
            message = try .init(jsonUTF8Bytes: body, options: options)
        } else {
            message = try .init(serializedBytes: body)
        }
        rejectedSpans = message.partialSuccess.rejectedSpans
        errorMessage = message.partialSuccess.errorMessage
    }
}
