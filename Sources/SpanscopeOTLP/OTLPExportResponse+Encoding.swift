import SwiftProtobuf

extension OTLPExportResponse {
    /// The protobuf body a receiver answers with.
    ///
    /// ```swift
    /// let body = OTLPExportResponse(rejectedSpans: 2, errorMessage: "2 spans rejected: ...").protobufBytes()
    /// ```
    public func protobufBytes() -> [UInt8] {
        // Serializing fails only for proto2 messages missing required fields; OTLP is proto3.
        (try? message.serializedBytes()) ?? []
    }

    /// The OTLP/JSON body a receiver answers with: protobuf's JSON mapping, which for this
    /// message is OTLP/JSON (the 64-bit count as a string, lowerCamelCase names).
    ///
    /// ```swift
    /// OTLPExportResponse(rejectedSpans: 2, errorMessage: "bad ids").jsonBytes()
    /// // {"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad ids"}}
    /// ```
    public func jsonBytes() -> [UInt8] {
        (try? message.jsonUTF8Bytes()) ?? Array("{}".utf8)
    }

    private var message: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse {
        var message = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
        // A fully accepted request leaves partial_success unset, as OTLP recommends.
        if rejectedSpans > 0 || !errorMessage.isEmpty {
            message.partialSuccess.rejectedSpans = rejectedSpans
            message.partialSuccess.errorMessage = errorMessage
        }
        return message
    }
}
