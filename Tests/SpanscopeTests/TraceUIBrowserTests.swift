import Foundation
import Synchronization
import Testing

@testable import Spanscope

/// The trace UI in a real browser: Debian's headless Chromium, driven by Playwright
/// (`Tests/python/trace_ui_browser.py`), against a real server mounting the UI over the
/// fixture store. The script runs once for the suite and reports what it saw; each test
/// checks one part of it against the stored traces. Screenshots land in
/// `.build/trace-ui-screenshots/`.
@Suite struct TraceUIBrowserTests {
    static let run = Task { try await BrowserRun.perform() }

    @Test func listShowsTheStoredTraces() async throws {
        let list = try await Self.run.value.list.get()
        let stored = [TraceUIFixture.checkout, TraceUIFixture.hostile, TraceUIFixture.big] + TraceUIFixture.typical
        #expect(Set(list.rows) == Set(stored.map(\.description)))
        // A click on the duration header sorts the results, slowest first.
        let traces = [TraceUIFixture.checkoutSpans(), TraceUIFixture.hostileSpans(), TraceUIFixture.bigSpans()]
            + TraceUIFixture.typical.enumerated().map { TraceUIFixture.typicalSpans($1, number: $0) }
        let slowestFirst = traces.map { TraceSummary(trace: Trace(traceID: $0[0].traceID, spans: $0)) }.sorted { $0.durationNanos > $1.durationNanos }
        #expect(list.byDuration == slowestFirst.map(\.traceID))
        #expect(Set(list.dots) == Set(list.rows))
        #expect(list.headers.contentSecurityPolicy == PageHeaders.contentSecurityPolicy)
        #expect(list.pwned == [nil, 0])
        let opened = try await Self.run.value.listDotOpens.get()
        #expect(opened.hasSuffix("/debug/traces/ui/trace/\(TraceUIFixture.checkout)"))
    }

    /// Chromium's own navigation `Accept` sends it from the API's URLs to the pages.
    @Test func apiURLsOpenThePages() async throws {
        let opened = try await Self.run.value.apiOpens.get()
        #expect(opened.search.hasSuffix("/debug/traces/ui?status=error"), "\(opened.search)")
        #expect(opened.trace.hasSuffix("/debug/traces/ui/trace/\(TraceUIFixture.checkout)"), "\(opened.trace)")
    }

    /// A bad search is answered with the API's reason, on the page.
    @Test func badSearchesShowTheAPIsReason() async throws {
        let notices = try await Self.run.value.badQueries.get()
        #expect(notices["duration"]?.contains("minDuration") == true, "\(notices)")
        #expect(notices["traceQL"]?.contains("at position") == true, "\(notices)")
    }

    @Test func routesShowTheStatisticsAndOpenExemplars() async throws {
        let routes = try await Self.run.value.routes.get()
        #expect(routes.routes.contains(["frontend", "/checkout", "6"]))
        #expect(routes.bucketLinks.contains("/debug/traces/ui/trace/\(TraceUIFixture.typical[0])"))
        // The held request, as the tracing middleware registered it.
        #expect(routes.active.count == 1)
        #expect(routes.active.first?.prefix(2) == ["shop", "GET /slow"])
        #expect(routes.pwned == [nil, 0])
    }

    /// One row per span, in waterfall order, each bar placed by its start and duration.
    @Test func waterfallBarsFollowTheData() async throws {
        let trace = try await Self.run.value.trace.get()
        let spans = TraceUIFixture.checkoutSpans()
        let start = spans.map(\.startNanos).min()!
        let total = Double(spans.map(\.endNanos).max()! - start)
        // Waterfall order and depth as the trace JSON defines them: depth-first, children by start.
        struct Document: Decodable {
            struct Span: Decodable {
                var spanId: String
                var depth: Int
            }
            var spans: [Span]
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(TraceJSONEncoder().encode(Trace(traceID: TraceUIFixture.checkout, spans: spans))))
        #expect(trace.rows.map(\.id) == document.spans.map(\.spanId))
        #expect(trace.rows.map(\.level) == document.spans.map { $0.depth + 1 })
        for row in trace.rows {
            let span = try #require(spans.first { $0.spanID.description == row.id })
            let left = Double(span.startNanos - start) / total * row.trackWidth
            let width = max(1, Double(span.durationNanos) / total * row.trackWidth)
            #expect(abs(row.barLeft - left) <= 1, "\(span.name): bar at \(row.barLeft)px, expected \(left)px")
            #expect(abs(row.barWidth - width) <= 1, "\(span.name): bar \(row.barWidth)px wide, expected \(width)px")
        }
        #expect(trace.headers.contentSecurityPolicy == PageHeaders.contentSecurityPolicy)
        #expect(trace.headers.xContentTypeOptions == "nosniff")
        #expect(trace.headers.referrerPolicy == "no-referrer")
    }

    @Test func criticalPathAndErrorsAreMarked() async throws {
        let trace = try await Self.run.value.trace.get()
        let spans = TraceUIFixture.checkoutSpans()
        let analysis = TraceAnalysis(Trace(traceID: TraceUIFixture.checkout, spans: spans))
        for row in trace.rows {
            let span = try #require(spans.first { $0.spanID.description == row.id })
            #expect(row.classes.contains("critical") == analysis.criticalPathSpanIDs.contains(span.spanID), "\(span.name)")
            #expect(row.classes.contains("error") == span.isError, "\(span.name)")
        }
        #expect(trace.rows.contains { $0.classes.contains("critical") })
        #expect(trace.rows.filter { $0.classes.contains("error") }.count == 3)
    }

    @Test func collapsingHidesDescendants() async throws {
        let trace = try await Self.run.value.trace.get()
        let all = trace.rows.map(\.id)
        let hidden = Set(TraceUIFixture.queries.map(\.description))
        #expect(trace.collapsed == all.filter { !hidden.contains($0) })
        #expect(trace.expanded == all)
        #expect(trace.collapsedAll == [TraceUIFixture.checkoutRoot.description])
        // One level down from the root alone: its two children.
        #expect(trace.oneLevel == [TraceUIFixture.checkoutRoot, TraceUIFixture.spanID(2), TraceUIFixture.charge].map(\.description))
    }

    @Test func findingsLinkToTheirSpans() async throws {
        let trace = try await Self.run.value.trace.get()
        let analysis = TraceAnalysis(Trace(traceID: TraceUIFixture.checkout, spans: TraceUIFixture.checkoutSpans()))
        #expect(trace.findings.map(\.kind) == analysis.findings.map(\.kind.rawValue))
        for (shown, finding) in zip(trace.findings, analysis.findings) {
            #expect(shown.spans == finding.spanIDs.prefix(TracePageModel.linkedSpansPerFinding).map(\.description), "\(finding.kind)")
        }
        #expect(trace.findingLink.selected == trace.findingLink.linked)
        #expect(trace.findingLink.hash == "#span=\(trace.findingLink.linked)")
        #expect(TraceUIFixture.queries.map(\.description).contains(trace.findingLink.linked))
    }

    @Test func deepLinkSelectsTheSpan() async throws {
        let link = try await Self.run.value.deepLink.get()
        #expect(link.selected == TraceUIFixture.chargeServer.description)
        #expect(link.detailTitle == "POST /charge")
    }

    @Test func searchKeysDetailAndComparison() async throws {
        let trace = try await Self.run.value.trace.get()
        #expect(Set(trace.searchMatches) == Set(TraceUIFixture.queries.map(\.description)))
        #expect(trace.keys["Home"] == TraceUIFixture.checkoutRoot.description)
        #expect(trace.keys["j"] == TraceUIFixture.spanID(2).description)
        #expect(trace.keys["e"] == TraceUIFixture.charge.description)
        #expect(trace.keys["p"] == TraceUIFixture.checkoutRoot.description)
        #expect(trace.keyHelp.count >= 10)
        // The detail shows status, events, the link to another trace, and keeps redacted values redacted.
        #expect(trace.detail.title == "POST /charge")
        #expect(trace.detail.text.contains("card declined"))
        #expect(trace.detail.text.contains("exception"))
        #expect(trace.detail.links == ["/debug/traces/ui/trace/\(TraceUIFixture.typical[0])#span=\(TraceUIFixture.spanID(1))"])
        // Against the typical checkout: 12 queries instead of 3, and the fraud check only here.
        #expect(trace.comparison.contains("count"))
        #expect(trace.comparison.contains("added"))
        // The pin button pins and unpins through the API's guarded POST.
        #expect(trace.pinned.contains("pinned"))
        #expect(!trace.unpinned.contains("pinned"))
        #expect(trace.pwned == [nil, 0])
    }

    /// `<script>`, `<img onerror>` and `"><svg onload>` in names, services, attributes,
    /// events, routes and status messages show as text, and none of them runs.
    @Test func hostileStringsRenderAsTextAndRunNothing() async throws {
        let hostile = try await Self.run.value.hostile.get()
        let payloads = TraceUIFixture.payloads
        #expect(hostile.names == [payloads[1], payloads[2], payloads[0]])
        #expect(hostile.services == [payloads[0], payloads[1], payloads[2]])
        #expect(hostile.title.contains(payloads[1]))
        for payload in payloads {
            #expect(hostile.detail.contains(payload))
        }
        #expect(hostile.pwned == [nil, 0])
        #expect(hostile.headers.contentSecurityPolicy == PageHeaders.contentSecurityPolicy)
    }

    /// 10,000 spans: the DOM holds a window of rows while scrolling reaches the last span.
    @Test func bigTraceIsVirtualized() async throws {
        let big = try await Self.run.value.big.get()
        #expect(big.domRows.allSatisfy { $0 > 0 && $0 < 200 }, "\(big.domRows)")
        #expect(big.lastRow == TraceUIFixture.bigLastSpan.description)
        // Reported, not asserted: the machine is shared and speed is the benchmarks' business.
        print("10,000-span trace: \(Int(big.browserMillis)) ms of browser time, after \(Int(big.serverMillis)) ms on the server")
    }

    @Test func darkModeFollowsTheSystemAndTheToggle() async throws {
        let dark = try await Self.run.value.darkMode.get()
        #expect(dark.themeBefore == nil)
        #expect(dark.before == "rgb(255, 255, 255)")
        #expect(dark.themeAfter == "dark")
        #expect(dark.after == "rgb(13, 17, 23)")
        #expect(dark.remembered == "dark")
        #expect(dark.rememberedBackground == "rgb(13, 17, 23)")
        #expect(dark.minimapErrorPixels > 0)
        #expect(dark.systemDark == "rgb(13, 17, 23)")
        #expect(dark.systemDarkToggled == "rgb(255, 255, 255)")
    }

    @Test func liveTailShowsANewTrace() async throws {
        let live = try await Self.run.value.live.get()
        #expect(live.shown.first == live.completed)
    }

    @Test func consoleHasNoErrors() async throws {
        let results = try await Self.run.value
        // Every page was visited: a scenario that failed early would have left its console unread.
        _ = try (results.list.get(), results.apiOpens.get(), results.routes.get(), results.trace.get(), results.hostile.get())
        _ = try (results.big.get(), results.live.get(), results.darkMode.get())
        #expect(results.consoleErrors == [])
    }
}

/// One run of the browser script against a fresh server.
enum BrowserRun {
    static func perform() async throws -> BrowserResults {
        let store = TraceUIFixture.makeStore()
        var router = Router()
        // A real traced request the routes page shows in flight: GET /slow, held until released.
        let inFlight = InFlightRequests()
        var options = TracingOptions()
        options.excludedPaths.append("/test")
        router.add(middleware: TracingMiddleware(serviceName: "shop", store: store, options: options, inFlight: inFlight))
        TraceUI(store: store, inFlight: inFlight).register(on: &router)
        let gate = Gate()
        router.get("/slow") { _, _ async in
            await gate.wait()
            return Response(text: "done")
        }
        router.post("/test/release") { _, _ async in
            await gate.open()
            return Response(text: "released")
        }
        let completed = Counter()
        router.post("/test/complete-trace") { _, _ in
            let id = TraceUIFixture.traceID(1_000 + completed.next())
            let spans = TraceUIFixture.typicalSpans(id, number: 0)
            // Moved to now, as a trace completing now would be.
            let shift = UInt64(Date().timeIntervalSince1970 * 1_000_000_000) - spans.map(\.startNanos).min()!
            TraceUIFixture.record(spans.map { span in
                var span = span
                span.startNanos += shift
                span.endNanos += shift
                return span
            }, in: store)
            return Response(text: id.description)
        }
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), router: router)
        try server.start()
        let base = "http://127.0.0.1:\(server.port)"
        let screenshots = PythonPeer.packageRoot.appendingPathComponent(".build/trace-ui-screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        let config: [String: String] = [
            "base": base,
            "prefix": "/debug/traces",
            "screenshots": screenshots.path,
            "checkout": TraceUIFixture.checkout.description,
            "hostile": TraceUIFixture.hostile.description,
            "big": TraceUIFixture.big.description,
            "collapse": TraceUIFixture.cartServer.description,
            "deepLink": TraceUIFixture.chargeServer.description,
            "completeTrace": base + "/test/complete-trace",
            "slow": base + "/slow",
            "release": base + "/test/release",
        ]
        let arguments = [String(decoding: try JSONEncoder().encode(config), as: UTF8.self)]
        let result: PythonPeer.Result
        do {
            result = try await PythonPeer.run("trace_ui_browser.py", arguments: arguments, timeout: .seconds(300))
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        guard result.status == 0 else { throw ScriptFailed(status: result.status, output: result.standardError) }
        return try JSONDecoder().decode(BrowserResults.self, from: Data(result.standardOutput.utf8))
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "the browser script exited with \(status): \(output)" }
    }
}

/// Hands out 0, 1, 2, ... across threads.
final class Counter: Sendable {
    private let value = Mutex(UInt64(0))

    func next() -> UInt64 {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
