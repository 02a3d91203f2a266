/// What an OTLP trace request held: the spans that could be read, and how many
/// could not and why, which a receiver answers as `partialSuccess`.
///
/// ```swift
/// let decoded = try OTLPJSONDecoder().decodeRequest(body)
/// store.record(received: decoded.spans, rejectedSpanCount: decoded.rejectedSpanCount)
/// if decoded.rejectedSpanCount > 0 { print(decoded.rejectionMessage) }
/// ```
public struct OTLPDecodedSpans: Sendable {
    public var spans: [SpanRecord] = []
    public private(set) var rejectedSpanCount = 0
    private var reasons: [String] = []

    /// Reasons beyond this many are counted, not listed: one bad sender can repeat one mistake thousands of times.
    static let listedReasons = 3

    public init() {}

    /// Counts one span that could not be read.
    ///
    /// ```swift
    /// decoded.reject("span \"GET /\": traceId is 3 bytes, not 16")
    /// ```
    public mutating func reject(_ reason: String) {
        rejectedSpanCount += 1
        if reasons.count < Self.listedReasons { reasons.append(reason) }
    }

    /// The rejected spans in a sentence (`2 spans rejected: ...; ...`); empty when none were.
    public var rejectionMessage: String {
        guard rejectedSpanCount > 0 else { return "" }
        let noun = rejectedSpanCount == 1 ? "span" : "spans"
        let more = rejectedSpanCount > reasons.count ? "; ..." : ""
        return "\(rejectedSpanCount) \(noun) rejected: " + reasons.joined(separator: "; ") + more
    }
}
