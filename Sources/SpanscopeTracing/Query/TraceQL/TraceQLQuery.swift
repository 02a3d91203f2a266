/// A subset of Grafana Tempo's TraceQL, as a trace filter.
///
/// Supported, exactly:
/// - Spanset filters `{ condition }`; `{}` matches any span. A trace matches a
///   spanset when at least one of its spans satisfies the condition.
/// - Spansets combined with `&&` (each holds, possibly on different spans) and
///   `||`, with parentheses; `&&` binds tighter than `||`.
/// - Conditions: `field operator value`, combined with `&&`, `||` and parentheses.
/// - Intrinsic fields: `name` (string), `status` (`ok`, `error`, `unset`),
///   `kind` (`server`, `client`, `producer`, `consumer`, `internal`,
///   `unspecified`), `duration` (the span's), `traceDuration` (the trace's,
///   earliest start to latest end).
/// - Attributes: `span.key` (the span's attributes), `resource.key` (its
///   resource's), `.key` (the span's, else the resource's). Keys are letters,
///   digits, `_`, `.`, `-`; other keys are quoted: `span."my key"`.
/// - Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`, and for strings `=~` and `!~`
///   (a regular expression, fully anchored as in Tempo 2.5 and later).
///   `status` and `kind` take `=` and `!=` only.
/// - Values: strings in double quotes (escapes `\"`, `\\`, `\n`, `\t`),
///   integers and decimals (`500`, `-1`, `0.5`), durations (`10ns`, `250us`
///   or `250µs`, `100ms`, `1.5s`, `2m`, `1h`), `true` and `false`, status and
///   kind values.
/// - Comparison semantics: a missing attribute never matches (not even `!=`);
///   numbers compare numerically across integer and decimal; values of other
///   types do not match; an array attribute matches when an element does.
///
/// Not supported: pipelines (`| count() > 2`), structural operators (`>>`,
/// `>`, `~` between spansets), `!` negation, `event.`/`link.` scopes,
/// arithmetic, and intrinsics other than those above.
///
/// ```swift
/// let filter = try TraceQLQuery(parsing: #"{ span.http.route = "/x" && duration > 100ms } && { status = error }"#)
/// let matches = store.query(TraceQuery(filters: [filter]))
/// ```
public struct TraceQLQuery: TraceFilter {
    /// The text it was parsed from.
    public let text: String
    let expression: TraceQLSpansetExpression

    /// Parses a query, or throws an error with the position of the problem.
    ///
    /// ```swift
    /// let errors = try TraceQLQuery(parsing: "{ status = error }")
    /// ```
    public init(parsing text: String) throws(FilterSyntaxError) {
        self.text = text
        var parser = try TraceQLParser(text)
        expression = try parser.parseQuery()
    }

    public func matches(_ trace: Trace, summary: TraceSummary) -> Bool {
        expression.matches(trace, summary: summary)
    }
}
