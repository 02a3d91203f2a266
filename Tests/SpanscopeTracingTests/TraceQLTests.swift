import Testing
import Tracing

@testable import SpanscopeTracing

@Suite struct TraceQLTests {
    private let trace = Trace(
        traceID: makeTraceID(1),
        spans: [
            makeSpan(
                trace: 1, span: 1, parent: 0, name: "SELECT orders", kind: .client, durationNanos: 150_000_000,
                attributes: [Attribute("db.rows", .int(42)), Attribute("ratio", .double(0.5)), Attribute("tags", .stringArray(["a", "b"]))],
                isError: true, service: "orders"
            ),
            makeSpan(
                trace: 1, span: 0, name: "GET /x", kind: .server, durationNanos: 1_500_000_000,
                attributes: [Attribute("http.route", .string("/x")), Attribute("cached", .bool(false))], ok: true,
                service: "orders"
            ),
        ]
    )

    private func matches(_ text: String) throws -> Bool {
        try TraceQLQuery(parsing: text).matches(trace, summary: TraceSummary(trace: trace))
    }

    @Test(arguments: [
        #"{ span.http.route = "/x" && duration > 100ms }"#,
        "{ status = error }",
        "{ status != unset }",
        #"{ resource.service.name = "orders" }"#,
        #"{ name =~ "GET.*" }"#,
        #"{ name !~ "GET" }"#,
        "{ kind = client && .db.rows >= 42 }",
        "{ .db.rows > 41.5 }",
        "{ span.ratio < 1 }",
        "{ .cached = false }",
        #"{ .tags = "b" }"#,
        "{ duration <= 150ms && duration >= 0.15s }",
        "{ traceDuration > 1s }",
        #"{ status = error } && { span.http.route = "/x" }"#,
        "{ status = ok } || { kind = producer }",
        #"({ kind = consumer } || { kind = server }) && { }"#,
        #"{ (kind = consumer || kind = server) && span."http.route" = "/x" }"#,
        "{}",
    ])
    func matchingQueries(text: String) throws {
        #expect(try matches(text))
    }

    @Test(arguments: [
        #"{ span.http.route = "/y" }"#,
        "{ status = error && kind = server }",
        "{ duration > 2s }",
        "{ traceDuration < 1s }",
        #"{ name =~ "GET" }"#,  // fully anchored
        "{ .missing != 1 }",  // a missing attribute never matches
        #"{ .db.rows = "42" }"#,  // types differ
        "{ kind = unspecified }",
        #"{ status = error } && { name = "nope" }"#,
        #"{ resource.http.route = "/x" }"#,
    ])
    func nonMatchingQueries(text: String) throws {
        #expect(try !matches(text))
    }

    @Test(arguments: [
        ("", 0, "empty query; expected '{'"),
        ("{ duration > }", 13, "expected a value, found '}'"),
        ("{ status = eror }", 11, "expected a value, found 'eror' (strings need double quotes)"),
        ("{ status > error }", 11, "status and kind compare with '=' or '!=' only"),
        ("{ duration > 100 }", 13, "durations are compared with a duration such as 100ms, 1.5s or 250us"),
        ("{ duration > 5parsecs }", 14, "unknown duration unit 'parsecs'; use ns, us, ms, s, m or h"),
        (#"{ name = "open }"#, 9, "unterminated string"),
        ("{ foo = 1 }", 2, "unknown field 'foo'; use name, status, kind, duration, traceDuration, span.<key>, resource.<key> or .<key>"),
        ("{ .a = 1 ", 9, "expected '}', found the end of the query"),
        ("{ .a = 1 } }", 11, "unexpected '}' after the query"),
        ("{ .a 1 }", 5, "expected an operator (= != > >= < <= =~ !~), found number 1"),
        ("{ !(.a = 1) }", 2, "negation with '!' is not supported; use '!=' or '!~'"),
        ("{ .a = 1 } | count() > 1", 11, "pipelines ('|') are not supported"),
        (".a = 1", 0, "expected '{' to start a spanset, found '.a'"),
        (#"{ .a =~ 1 }"#, 8, "'=~' needs a string pattern"),
        (#"{ name = 5 }"#, 9, "name is compared with a quoted string"),
        (#"{ .a = error }"#, 7, "attributes are compared with strings, numbers or true/false"),
        (#"{ .a > true }"#, 7, "true and false compare with '=' or '!=' only"),
    ])
    func reportsBadSyntaxWithItsPosition(input: String, position: Int, message: String) {
        #expect(throws: FilterSyntaxError(syntax: "TraceQL", message: message, position: position, input: input)) {
            try TraceQLQuery(parsing: input)
        }
    }

    @Test func anInvalidRegexIsASyntaxError() throws {
        let error = try #require(throws: FilterSyntaxError.self) { try TraceQLQuery(parsing: #"{ name =~ "(" }"#) }
        #expect(error.position == 10)
        #expect(error.message.hasPrefix("invalid regular expression"))
    }

    @Test func durationsParseInEveryUnit() throws {
        let span = makeSpan(trace: 9, span: 0, durationNanos: 90_000_000_000)  // 1.5 minutes
        let trace = Trace(traceID: makeTraceID(9), spans: [span])
        for text in ["{ duration = 1.5m }", "{ duration = 90s }", "{ duration = 90000ms }", "{ duration = 90000000us }",
            "{ duration = 90000000µs }", "{ duration = 90000000000ns }", "{ duration < 0.03h }"]
        {
            #expect(try TraceQLQuery(parsing: text).matches(trace, summary: TraceSummary(trace: trace)), "\(text)")
        }
    }
}
