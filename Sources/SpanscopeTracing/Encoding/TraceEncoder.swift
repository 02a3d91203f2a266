/// Turns a trace into the bytes of one file format, ready to serve or save.
///
/// Every encoder in Spanscope produces bytes (UTF-8 for the text formats), so a
/// route can pick one by name and answer with `contentType`.
///
/// ```swift
/// let encoder: any TraceEncoder = OTLPJSONEncoder()
/// let body: [UInt8] = encoder.encode(trace)
/// respond(status: 200, contentType: encoder.contentType, body: body)
/// ```
public protocol TraceEncoder: Sendable {
    /// The media type of the encoded bytes, e.g. `application/json`.
    var contentType: String { get }
    func encode(_ trace: Trace) -> [UInt8]
}
