import Foundation

/// `google.rpc.Status`, the body OTLP/HTTP requires for every 4xx and 5xx
/// answer, in either encoding.
///
/// Written by hand: swift-protobuf ships only the `google.protobuf` well-known
/// types, not googleapis' `google.rpc.Status`, and two scalar fields (`code` = 1,
/// `message` = 2; `details` stays empty) do not justify generating and
/// committing another message.
///
/// ```swift
/// let status = RPCStatus(code: .invalidArgument, message: "not an ExportTraceServiceRequest")
/// String(decoding: status.jsonBytes(), as: UTF8.self) // {"code":3,"message":"not an ExportTraceServiceRequest"}
/// ```
public struct RPCStatus: Sendable, Hashable, Codable {
    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The `google.rpc.Code` values a receiver answers with.
    public enum Code: Int32, Sendable, Codable {
        /// The payload is not a request (400).
        case invalidArgument = 3
        /// The payload is beyond a limit (413).
        case resourceExhausted = 8
        /// The content encoding is not supported (415).
        case unimplemented = 12
    }

    /// The protobuf wire form: field 1 as a varint, field 2 as length-delimited UTF-8.
    public func protobufBytes() -> [UInt8] {
        let text = Array(message.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count + 12)
        bytes.append(1 << 3 | 0)
        appendVarint(UInt64(code.rawValue), to: &bytes)
        if !text.isEmpty {
            bytes.append(2 << 3 | 2)
            appendVarint(UInt64(text.count), to: &bytes)
            bytes += text
        }
        return bytes
    }

    /// protobuf's JSON mapping: `{"code":3,"message":"..."}`.
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(self))) ?? []
    }

    private func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
