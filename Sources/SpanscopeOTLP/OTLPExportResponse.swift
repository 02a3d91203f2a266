import Foundation
import SwiftProtobuf

/// The answer to a successful export request (`ExportTraceServiceResponse`), in
/// either OTLP encoding: empty when every span was accepted, else with
/// `partialSuccess` saying how many were rejected and why.
///
/// ```swift
/// let answer = OTLPExportResponse(rejectedSpans: 2, errorMessage: "2 spans rejected: ...")
/// String(decoding: answer.jsonBytes(), as: UTF8.self)
/// // {"partialSuccess":{"rejectedSpans":"2","errorMessage":"2 spans rejected: ..."}}
/// ```
public struct OTLPExportResponse: Sendable, Hashable {
    public var rejectedSpans: Int
    public var errorMessage: String

    public init(rejectedSpans: Int = 0, errorMessage: String = "") {
        self.rejectedSpans = rejectedSpans
        self.errorMessage = errorMessage
    }

    private var message: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse {
        var message = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
        // A fully accepted request leaves partial_success unset, as OTLP recommends.
        if rejectedSpans > 0 || !errorMessage.isEmpty {
            message.partialSuccess.rejectedSpans = Int64(rejectedSpans)
            message.partialSuccess.errorMessage = errorMessage
        }
        return message
    }

    public func protobufBytes() -> [UInt8] {
        // Serializing fails only for proto2 messages missing required fields; OTLP is proto3.
        (try? message.serializedBytes()) ?? []
    }

    /// protobuf's JSON mapping, which for this message is OTLP/JSON (64-bit counts as strings, lowerCamelCase).
    public func jsonBytes() -> [UInt8] {
        (try? message.jsonUTF8Bytes()) ?? Array("{}".utf8)
    }
}
