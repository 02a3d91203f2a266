import Testing

@testable import SpanscopeTracing

@Suite struct LogfmtFilterTests {
    @Test func parsesBareAndQuotedValues() throws {
        let filter = try LogfmtFilter(parsing: #"  error=true http.response.status_code=500 http.route="/api/x y" q="a\"b\\c\n" empty= "#)
        #expect(
            filter.tags == [
                .init(key: "error", value: "true"),
                .init(key: "http.response.status_code", value: "500"),
                .init(key: "http.route", value: "/api/x y"),
                .init(key: "q", value: "a\"b\\c\n"),
                .init(key: "empty", value: ""),
            ]
        )
        #expect(try LogfmtFilter(parsing: "   ").tags.isEmpty)
    }

    @Test(arguments: [
        ("key", 3, "expected '=' after key 'key'"),
        ("a=1 =2", 4, "expected a key before '='"),
        (#"a="open"#, 2, "unterminated quoted value"),
        (#"a="x\q""#, 4, "unknown escape '\\q'"),
        (#"a=b"c"#, 3, "a quote may only start a value; quote the whole value"),
        (#"a="x"y"#, 5, "expected a space after the closing quote"),
        (#"k"ey=1"#, 1, "a key cannot contain '\"'"),
    ])
    func reportsBadSyntaxWithItsPosition(input: String, position: Int, message: String) {
        #expect(throws: FilterSyntaxError(syntax: "logfmt", message: message, position: position, input: input)) {
            try LogfmtFilter(parsing: input)
        }
    }

    @Test func theErrorDescriptionPointsAtTheColumn() {
        let error = FilterSyntaxError(syntax: "logfmt", message: "expected '=' after key 'key'", position: 3, input: "key")
        #expect(error.description == "logfmt syntax error at column 4: expected '=' after key 'key'\n  key\n     ^")
    }

    @Test func matchesTagsOnAnySpanAsTypedText() throws {
        let trace = Trace(
            traceID: makeTraceID(1),
            spans: [
                makeSpan(trace: 1, span: 1, parent: 0, attributes: [Attribute("http.response.status_code", .int(500))], isError: true),
                makeSpan(trace: 1, span: 0, attributes: [Attribute("http.route", .string("/api/x y"))]),
            ]
        )
        let summary = TraceSummary(trace: trace)
        func matches(_ text: String) throws -> Bool { try LogfmtFilter(parsing: text).matches(trace, summary: summary) }
        #expect(try matches(#"error=true http.response.status_code=500 http.route="/api/x y""#))
        #expect(try matches("error=false"))  // the root has no error
        #expect(try matches("service.name=shop"))  // resource attributes count
        #expect(try !matches("http.response.status_code=404"))
        #expect(try !matches("missing=1"))
        let healthy = Trace(traceID: makeTraceID(2), spans: [makeSpan(trace: 2, span: 0)])
        #expect(try !LogfmtFilter(parsing: "error=true").matches(healthy, summary: TraceSummary(trace: healthy)))
    }
}
