public import W3CTraceContext

/// A `traceparent` value: parsed exactly as W3C Trace Context Level 2 says, written as version 00.
///
/// Unlike swift-w3c-trace-context's own parser, this one parses versions above 00 by their
/// 55-character prefix, as the spec's "Versioning of traceparent" requires.
///
/// ```swift
/// let parent = try TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
/// parent.flags.contains(.sampled) // true
/// parent.headerValue // "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
/// ```
public struct TraceParent: Sendable, Hashable {
    /// The header name, lowercase as the spec asks senders to write it.
    public static let headerName = "traceparent"

    public var traceID: TraceID
    /// The caller's span-id.
    public var parentID: SpanID
    public var flags: TraceFlags

    public init(traceID: TraceID, parentID: SpanID, flags: TraceFlags) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// Parses a header value. Surrounding spaces and tabs are ignored. Values joined with
    /// `,` (one header sent in several lines) must all be the same value.
    ///
    /// Flags other than sampled and random are dropped here: the spec leaves them undefined
    /// and tells a receiver of a higher version to parse only the flags it knows.
    public init(_ headerValue: String) throws(TraceParentError) {
        self = try headerValue.withContiguousUTF8(Self.parseList).get()
    }

    /// `00-<trace-id>-<parent-id>-<flags>`, with undefined flag bits cleared.
    public var headerValue: String {
        TraceContextHeaderWriter.write(traceID: traceID, spanID: parentID, flags: flags)
    }
}

extension TraceParent {
    private static let dash = UInt8(ascii: "-")
    private static let comma = UInt8(ascii: ",")

    private static func parseList(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<TraceParent, TraceParentError> {
        // The usual value, one 55-character line with nothing around it, is parsed as it
        // stands: a value that parses holds only hex digits and dashes, so the list and
        // trimming rules below would find it unchanged. Anything else, errors included
        // (whose reason the rules below decide), takes the long way.
        if bytes.count == TraceContextHeaderWriter.length, case .success(let parent) = parse(bytes) {
            return .success(parent)
        }
        guard bytes.contains(comma) else { return parse(OWS.trim(bytes)) }
        var first: UnsafeBufferPointer<UInt8>?
        for element in OWS.listElements(bytes) {
            guard let chosen = first else {
                first = element
                continue
            }
            guard chosen.elementsEqual(element) else { return .failure(.conflictingValues) }
        }
        return parse(first ?? UnsafeBufferPointer(start: nil, count: 0))
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<TraceParent, TraceParentError> {
        guard bytes.count >= 3, bytes[2] == dash, let version = Hex.read(bytes, at: 0, count: 2) else {
            return .failure(.malformedVersion)
        }
        if version == 0xFF { return .failure(.forbiddenVersion) }
        if version == 0 {
            guard bytes.count == TraceContextHeaderWriter.length else { return .failure(.invalidLength) }
        } else {
            guard bytes.count >= TraceContextHeaderWriter.length else { return .failure(.invalidLength) }
            // Future versions only append fields, each after a dash.
            if bytes.count > TraceContextHeaderWriter.length, bytes[55] != dash { return .failure(.malformedField) }
        }
        guard bytes[35] == dash, bytes[52] == dash,
            let high = Hex.read16(bytes, at: 3),
            let low = Hex.read16(bytes, at: 19),
            let parent = Hex.read16(bytes, at: 36),
            let flags = Hex.read(bytes, at: 53, count: 2)
        else { return .failure(.malformedField) }
        if high == 0, low == 0 { return .failure(.zeroTraceID) }
        if parent == 0 { return .failure(.zeroParentID) }
        return .success(
            TraceParent(
                traceID: TraceID(high: high, low: low),
                parentID: SpanID(integer: parent),
                flags: TraceFlags(rawValue: UInt8(flags)).intersection(.defined)
            )
        )
    }
}
