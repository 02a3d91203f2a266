/// Jaeger's tag search: `key=value` pairs separated by spaces, in logfmt.
///
/// Values may be quoted (`http.route="/api/x y"`) with the escapes `\"`,
/// `\\`, `\n`, `\t` and `\r`. A trace matches when every tag is carried by
/// some span (each tag may be on a different span, as Jaeger's Cassandra and
/// Elasticsearch backends search): the span's or its resource's attribute
/// with that key, written as a user would type it (`500`, `true`, `GET`),
/// equals the value. `error=true` also matches spans with error status and
/// `error=false` spans without.
///
/// ```swift
/// let filter = try LogfmtFilter(parsing: #"error=true http.response.status_code=500 http.route="/api/x y""#)
/// let failures = store.query(TraceQuery(filters: [filter]))
/// ```
public struct LogfmtFilter: TraceFilter, Hashable {
    public var tags: [Tag]

    /// One `key=value` pair.
    ///
    /// ```swift
    /// let tag = LogfmtFilter.Tag(key: "http.request.method", value: "GET")
    /// ```
    public struct Tag: Sendable, Hashable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(tags: [Tag]) {
        self.tags = tags
    }

    /// Parses `key=value key2="quoted value"`; empty or blank text gives no tags.
    ///
    /// ```swift
    /// let filter = try LogfmtFilter(parsing: "http.request.method=GET")
    /// ```
    public init(parsing text: String) throws(FilterSyntaxError) {
        var parser = LogfmtParser(text)
        tags = try parser.parseTags()
    }

    public func matches(_ trace: Trace, summary: TraceSummary) -> Bool {
        tags.allSatisfy { tag in trace.spans.contains { $0.matches(tag) } }
    }
}

extension SpanRecord {
    fileprivate func matches(_ tag: LogfmtFilter.Tag) -> Bool {
        if tag.key == "error", tag.value == "true" || tag.value == "false", isError == (tag.value == "true") {
            return true
        }
        let value = attributes[key: tag.key] ?? resource.attributes[key: tag.key]
        return value?.description == tag.value
    }
}

private struct LogfmtParser {
    let input: String
    let characters: [Character]
    var index = 0

    init(_ input: String) {
        self.input = input
        characters = Array(input)
    }

    mutating func parseTags() throws(FilterSyntaxError) -> [LogfmtFilter.Tag] {
        var tags: [LogfmtFilter.Tag] = []
        while true {
            skipSpaces()
            guard index < characters.count else { return tags }
            tags.append(try parseTag())
        }
    }

    private mutating func parseTag() throws(FilterSyntaxError) -> LogfmtFilter.Tag {
        let keyStart = index
        while index < characters.count, characters[index] != "=", !characters[index].isWhitespace {
            guard characters[index] != "\"" else { throw error("a key cannot contain '\"'", at: index) }
            index += 1
        }
        guard index > keyStart else { throw error("expected a key before '='", at: index) }
        let key = String(characters[keyStart..<index])
        guard index < characters.count, characters[index] == "=" else {
            throw error("expected '=' after key '\(key)'", at: index)
        }
        index += 1
        let value = index < characters.count && characters[index] == "\"" ? try parseQuoted() : try parseBare()
        return LogfmtFilter.Tag(key: key, value: value)
    }

    private mutating func parseBare() throws(FilterSyntaxError) -> String {
        let start = index
        while index < characters.count, !characters[index].isWhitespace {
            guard characters[index] != "\"" else {
                throw error("a quote may only start a value; quote the whole value", at: index)
            }
            index += 1
        }
        return String(characters[start..<index])
    }

    private mutating func parseQuoted() throws(FilterSyntaxError) -> String {
        let value = try QuotedString.read(characters, at: &index, unterminated: "unterminated quoted value", error: error)
        guard index == characters.count || characters[index].isWhitespace else {
            throw error("expected a space after the closing quote", at: index)
        }
        return value
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    private func error(_ message: String, at position: Int) -> FilterSyntaxError {
        FilterSyntaxError(syntax: "logfmt", message: message, position: position, input: input)
    }
}
