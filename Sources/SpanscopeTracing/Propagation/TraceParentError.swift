/// Why a `traceparent` value was rejected. Any of them makes the receiver restart the
/// trace (W3C Trace Context, "Processing Model").
///
/// ```swift
/// do { _ = try TraceParent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") }
/// catch { print(error) } // forbiddenVersion
/// ```
public enum TraceParentError: Error, Sendable, Hashable {
    /// "When the version prefix cannot be parsed (it's not 2 hex characters followed by a
    /// dash (`-`)), the implementation should restart the trace."
    case malformedVersion
    /// "Version `ff` is invalid."
    case forbiddenVersion
    /// Version 00 is exactly 55 characters; a higher version is at least 55.
    case invalidLength
    /// A field is not lowercase hex, or a dash is missing where the format puts one.
    case malformedField
    /// "All bytes as zero (`00000000000000000000000000000000`) is considered an invalid value."
    case zeroTraceID
    /// "All bytes as zero (`0000000000000000`) is considered an invalid value."
    case zeroParentID
    /// Several `traceparent` values that differ: no way to tell which one is the parent.
    case conflictingValues
}
