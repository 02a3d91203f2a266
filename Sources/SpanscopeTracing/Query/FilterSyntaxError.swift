/// A filter expression that does not parse: what was expected, and where.
///
/// ```swift
/// do {
///     _ = try TraceQLQuery(parsing: "{ duration > }")
/// } catch {
///     print(error) // TraceQL syntax error at column 14: expected a value …
/// }
/// ```
public struct FilterSyntaxError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The syntax that was parsed: `logfmt` or `TraceQL`.
    public var syntax: String
    public var message: String
    /// Zero-based offset of the offending character in `input`, counted in Characters.
    public var position: Int
    public var input: String

    public init(syntax: String, message: String, position: Int, input: String) {
        self.syntax = syntax
        self.message = message
        self.position = position
        self.input = input
    }

    /// One line with the column (one-based), then the input with a caret under the offending character.
    public var description: String {
        "\(syntax) syntax error at column \(position + 1): \(message)\n"
            + "  \(input)\n  \(String(repeating: " ", count: position))^"
    }
}
