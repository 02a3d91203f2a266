import SpanscopeTracing
import Testing
import Tracing

@Suite struct TextWaterfallTests {
    @Test func drawsTreeBarsMarksAndHeader() {
        let trace = Fixture.trace(
            Fixture.span(4, parent: 1, "audit", 90, 95, status: SpanStatus(code: .error, message: "disk full")),
            Fixture.span(2, parent: 1, "auth", 5, 20),
            Fixture.span(3, parent: 1, "payments", 10, 90, service: "payments"),
            Fixture.span(1, "GET /checkout", 0, 100)
        )
        let text = TextWaterfall(barWidth: 10, labelWidth: 24).render(trace)
        #expect(text == """
            Trace 4bf92f3577b34da6a3ce929d0e0e4736  100.0ms  4 spans  1 error
            *  GET /checkout [orders]   100.0ms |██████████|
               ├─ auth [orders]          15.0ms |██        |
            *  ├─ payments [payments]    80.0ms | ████████ |
            *! └─ audit [orders]          5.0ms |         █| disk full
            (* critical path, ! error)

            """)
    }

    @Test func nestedBranchesAndTruncation() {
        let trace = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.span(2, parent: 1, "a", 0, 50),
            Fixture.span(3, parent: 2, "a very long span name that does not fit", 0, 10),
            Fixture.span(4, parent: 1, "b", 50, 100)
        )
        let lines = TextWaterfall(barWidth: 4, labelWidth: 16).render(trace).split(separator: "\n")
        #expect(lines[3].hasPrefix("*  │  └─ a very lo…  10.0ms |█   |"))
        #expect(lines[4].hasPrefix("*  └─ b [orders]    "))
    }

    @Test func controlCharactersCannotBreakLinesOrReachTheTerminal() {
        let trace = Fixture.trace(Fixture.span(1, "evil\n\u{1B}[31mred\u{202E}", 0, 1))
        let text = TextWaterfall().render(trace)
        #expect(text.split(separator: "\n").count == 3)
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
        #expect(text.contains("evil\u{FFFD}\u{FFFD}[31mred\u{FFFD}"))
    }

    @Test func emptyAndZeroLengthTraces() {
        #expect(TextWaterfall().render(Fixture.trace()).hasPrefix("Trace 4bf92f3577b34da6a3ce929d0e0e4736  0ns  0 spans\n"))
        let instant = TextWaterfall(barWidth: 3, labelWidth: 8).render(Fixture.trace(Fixture.span(1, "x", 5, 5)))
        #expect(instant.contains("|█  |"))
    }

    @Test func encodesUTF8Text() {
        let trace = Fixture.trace(Fixture.span(1, "😀", 0, 1))
        let waterfall = TextWaterfall()
        #expect(String(decoding: waterfall.encode(trace), as: UTF8.self) == waterfall.render(trace))
        #expect(waterfall.contentType == "text/plain; charset=utf-8")
    }
}
