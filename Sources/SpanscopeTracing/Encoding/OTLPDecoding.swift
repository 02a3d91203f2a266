public import Tracing
public import W3CTraceContext

/// How OTLP's span fields become `SpanRecord` fields: the rules the JSON and the
/// protobuf decoder share, so that one request gives the same spans in either encoding.
///
/// A span is rejected, not repaired, where its data would be wrong: a trace-id
/// or span-id of the wrong length or all zeros (OTLP calls both invalid), a
/// parent-id of the wrong length, a link with such IDs, no start time, or an end
/// before the start. Unknown enum numbers read as OTLP says: kind unspecified
/// (internal), status unset.
///
/// ```swift
/// let traceID = try OTLPDecoding.traceID(bytes, field: "traceId")
/// let kind = OTLPDecoding.kind(2) // .server
/// ```
public enum OTLPDecoding {
    /// `SpanFlags`: bit 8 says whether bit 9 (the parent, or the linked context, is in another
    /// process) is known. The encoders write the same bits (`SpanRecord.otlpFlags`).
    static let hasIsRemoteFlag: UInt32 = 0x100
    static let isRemoteFlag: UInt32 = 0x200

    /// A 16-byte, not all-zero trace-id.
    public static func traceID(_ bytes: some Collection<UInt8>, field: String) throws(OTLPSpanRejection) -> TraceID {
        let (high, low) = try words(bytes, count: 16, field: field)
        guard high | low != 0 else { throw OTLPSpanRejection("\(field) is all zeros") }
        return TraceID(high: high, low: low)
    }

    /// An 8-byte, not all-zero span-id.
    public static func spanID(_ bytes: some Collection<UInt8>, field: String) throws(OTLPSpanRejection) -> SpanID {
        let (_, integer) = try words(bytes, count: 8, field: field)
        guard integer != 0 else { throw OTLPSpanRejection("\(field) is all zeros") }
        return SpanID(integer: integer)
    }

    /// Nil for a root: no bytes, or eight zero bytes as some exporters write for "none".
    public static func parentSpanID(_ bytes: some Collection<UInt8>) throws(OTLPSpanRejection) -> SpanID? {
        if bytes.isEmpty { return nil }
        let (_, integer) = try words(bytes, count: 8, field: "parentSpanId")
        return integer == 0 ? nil : SpanID(integer: integer)
    }

    /// Big-endian words of an ID: (bytes 0..7, bytes 8..15) for 16 bytes, (0, bytes 0..7) for 8.
    private static func words(
        _ bytes: some Collection<UInt8>, count: Int, field: String
    ) throws(OTLPSpanRejection) -> (UInt64, UInt64) {
        guard bytes.count == count else { throw OTLPSpanRejection("\(field) is \(bytes.count) bytes, not \(count)") }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for byte in bytes {
            high = high << 8 | low >> 56
            low = low << 8 | UInt64(byte)
        }
        return (high, low)
    }

    /// A span needs a start, and cannot end before it.
    public static func checkTimes(start: UInt64, end: UInt64) throws(OTLPSpanRejection) {
        guard start != 0 else { throw OTLPSpanRejection("startTimeUnixNano is missing") }
        guard end >= start else { throw OTLPSpanRejection("endTimeUnixNano is before startTimeUnixNano") }
    }

    /// OTLP's `SpanKind` number; unspecified and unknown numbers are internal.
    public static func kind(_ number: Int) -> SpanKind {
        switch number {
        case 2: .server
        case 3: .client
        case 4: .producer
        case 5: .consumer
        default: .internal
        }
    }

    /// OTLP's `StatusCode` number and message; nil (unset) for 0 and unknown numbers.
    public static func status(code: Int, message: String) -> SpanStatus? {
        let message = message.isEmpty ? nil : message
        switch code {
        case 1: return SpanStatus(code: .ok, message: message)
        case 2: return SpanStatus(code: .error, message: message)
        default: return nil
        }
    }

    /// The W3C trace flags, the low byte of `flags`.
    public static func traceFlags(_ flags: UInt32) -> TraceFlags {
        TraceFlags(rawValue: UInt8(truncatingIfNeeded: flags))
    }

    /// Whether the parent (of a span) or the linked context (of a link) is in another
    /// process; nil when the sender does not say.
    public static func isRemote(flags: UInt32) -> Bool? {
        flags & hasIsRemoteFlag == 0 ? nil : flags & isRemoteFlag != 0
    }

    /// True only when the sender says the parent is in another process; a
    /// sender that does not know leaves the span to wait for its parent.
    public static func parentIsRemote(flags: UInt32) -> Bool {
        isRemote(flags: flags) == true
    }

    /// A W3C `tracestate` value; one that breaks the grammar is dropped whole, as the spec drops it.
    public static func traceState(_ header: String) -> TraceState {
        header.isEmpty ? TraceState() : TraceStateHeader.parse(header) ?? TraceState()
    }
}

/// Why one span of an OTLP request could not be read.
///
/// ```swift
/// do { _ = try OTLPDecoding.spanID([1, 2], field: "spanId") } catch { print(error.reason) }
/// ```
public struct OTLPSpanRejection: Error, Sendable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
