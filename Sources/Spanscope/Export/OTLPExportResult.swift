/// How one `OTLPExporter.export` call ended.
///
/// ```swift
/// let result = await exporter.export(spans)
/// if case .failed(let reason) = result.outcome { print("lost \(result.spanCount) spans: \(reason)") }
/// ```
public struct OTLPExportResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The collector took the request (2xx). It may still have refused some spans
        /// (`partialSuccess`); `message` is its explanation or warning, often empty.
        case accepted(rejectedSpans: Int, message: String)
        /// The collector answered with a status that must not be retried (400, 401, 413, 500...):
        /// the batch is dropped. `message` is the start of the answer's text, if any.
        case refused(status: Int, message: String)
        /// No answer worth keeping within the deadline: connection failures, timeouts, or
        /// retryable statuses until no time was left. The batch is dropped.
        case failed(reason: String)
    }

    /// The spans of the request.
    public var spanCount: Int
    public var outcome: Outcome
    /// Attempts beyond the first.
    public var retries: Int

    public init(spanCount: Int, outcome: Outcome, retries: Int) {
        self.spanCount = spanCount
        self.outcome = outcome
        self.retries = retries
    }
}
