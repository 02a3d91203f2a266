import Foundation
import Spanscope
import Testing

/// The cases of the public W3C Trace Context test suite (w3c/trace-context `test/test.py`,
/// STRICT_LEVEL 2), run by a Swift harness against `TraceContextTestService` on loopback:
/// the tracing middleware continues or restarts the trace, the instrumented client carries
/// it to the harness. Serialized: each case starts two servers and two clients, and a
/// hundred cases at once would crowd the other suites' loops off two cores.
@Suite(.serialized) struct TraceContextConformanceTests {
    static let traceID = "12345678901234567890123456789012"
    static let parentID = "1234567890123456"
    static let sampled = "00-\(traceID)-\(parentID)-01"
    static let unsampled = "00-\(traceID)-\(parentID)-00"

    // MARK: traceparent

    /// "If the vendor failed to parse traceparent, it MUST NOT attempt to parse tracestate"
    /// and restarts the trace: a new trace-id, and the caller's tracestate is gone.
    @Test(arguments: [
        // Version 00 is exactly 55 characters: trailing garbage, future fields after 00.
        "00-\(traceID)-\(parentID)-01.",
        "00-\(traceID)-\(parentID)-01-what-the-future-will-be-like",
        // A higher version may add fields, each after a dash.
        "cc-\(traceID)-\(parentID)-01.what-the-future-will-be-like",
        // "Version ff is invalid."
        "ff-\(traceID)-\(parentID)-01",
        // The version is 2 lowercase hex digits followed by a dash.
        ".0-\(traceID)-\(parentID)-01",
        "0.-\(traceID)-\(parentID)-01",
        "000-\(traceID)-\(parentID)-01",
        "0000-\(traceID)-\(parentID)-01",
        "0-\(traceID)-\(parentID)-01",
        // "All bytes as zero is considered an invalid value."
        "00-00000000000000000000000000000000-\(parentID)-01",
        "00-\(traceID)-0000000000000000-01",
        // Lowercase hex only, exact lengths.
        "00-.2345678901234567890123456789012-\(parentID)-01",
        "00-1234567890123456789012345678901.-\(parentID)-01",
        "00-ABCDEF78901234567890123456789012-\(parentID)-01",
        "00-\(traceID)-ABCDEF7890123456-01",
        "00-\(traceID)-\(parentID)-0A",
        "00-123456789012345678901234567890123-\(parentID)-01",
        "00-1234567890123456789012345678901-\(parentID)-01",
        "00-\(traceID)-.234567890123456-01",
        "00-\(traceID)-123456789012345.-01",
        "00-\(traceID)-12345678901234567-01",
        "00-\(traceID)-123456789012345-01",
        "00-\(traceID)-\(parentID)-.0",
        "00-\(traceID)-\(parentID)-0.",
        "00-\(traceID)-\(parentID)-001",
        "00-\(traceID)-\(parentID)-1",
        // Separators other than a dash.
        "00_\(traceID)_\(parentID)_01",
        "00-\(traceID)-\(parentID)+01",
        // Leading and trailing garbage.
        "x00-\(traceID)-\(parentID)-01",
        "00-\(traceID)-\(parentID)-01x",
        "",
    ])
    func invalidTraceparentRestarts(traceparent: String) async throws {
        try await TraceContextHarness.with { harness in
            let (out, state) = try await harness.callback(headers: [("traceparent", traceparent), ("tracestate", "foo=1")])
            #expect(out.traceID != Self.traceID)
            #expect(out.traceID != "00000000000000000000000000000000")
            #expect(out.parentID != Self.parentID)
            #expect(state["foo"] == nil)
        }
    }

    /// test_traceparent_header_name: only the name `traceparent` counts (in any case).
    @Test(arguments: ["trace-parent", "trace.parent"])
    func otherHeaderNamesStartANewTrace(name: String) async throws {
        try await TraceContextHarness.with { harness in
            let (out, _) = try await harness.callback(headers: [(name, Self.sampled)])
            #expect(out.traceID != Self.traceID)
        }
    }

    /// A valid traceparent is continued: same trace-id, this service's own parent-id.
    static let validHeaders: [(name: String, value: String)] = [
        (name: "traceparent", value: sampled),
        // Header names are case-insensitive.
        (name: "TraceParent", value: sampled),
        (name: "TrAcEpArEnT", value: sampled),
        (name: "TRACEPARENT", value: sampled),
        // Spaces and tabs around the value (test_traceparent_ows_handling).
        (name: "traceparent", value: " " + sampled),
        (name: "traceparent", value: "\t" + sampled),
        (name: "traceparent", value: sampled + " "),
        (name: "traceparent", value: sampled + "\t"),
        (name: "traceparent", value: "\t " + sampled + " \t"),
        // A higher version is parsed by its 55-character prefix.
        (name: "traceparent", value: "cc-\(traceID)-\(parentID)-01"),
        (name: "traceparent", value: "cc-\(traceID)-\(parentID)-01-what-the-future-will-be-like"),
    ]

    @Test(arguments: validHeaders)
    func validTraceparentIsContinued(name: String, value: String) async throws {
        try await TraceContextHarness.with { harness in
            let (out, _) = try await harness.callback(headers: [(name, value)])
            #expect(out.version == "00")
            #expect(out.traceID == Self.traceID)
            #expect(out.parentID != Self.parentID)
            #expect(out.isSampled)
        }
    }

    /// test_traceparent_duplicated: two different traceparent lines cannot both be the parent.
    @Test func twoTraceparentHeadersRestart() async throws {
        try await TraceContextHarness.with { harness in
            let (out, _) = try await harness.callback(headers: [
                ("traceparent", "00-12345678901234567890123456789011-\(Self.parentID)-01"),
                ("traceparent", "00-12345678901234567890123456789012-\(Self.parentID)-01"),
            ])
            #expect(out.traceID != "12345678901234567890123456789011")
            #expect(out.traceID != "12345678901234567890123456789012")
        }
    }

    /// The sampled flag goes on as received (parent-based sampling), and Level 2's random
    /// flag is copied unchanged when the trace continues; other bits go out as zero.
    @Test(arguments: [("01", 0x01), ("00", 0x00), ("03", 0x03), ("02", 0x02), ("ff", 0x03), ("fe", 0x02)] as [(String, UInt8)])
    func flagsAreCarried(received: String, sent: UInt8) async throws {
        try await TraceContextHarness.with { harness in
            let (out, _) = try await harness.callback(headers: [("traceparent", "00-\(Self.traceID)-\(Self.parentID)-\(received)")])
            #expect(out.traceID == Self.traceID)
            #expect(out.flags == sent)
        }
    }

    /// Without any trace context the service starts a trace and sends it on.
    @Test func missingTraceparentStartsATrace() async throws {
        try await TraceContextHarness.with { harness in
            let (out, state) = try await harness.callback(headers: [])
            #expect(out.version == "00")
            #expect(state.members.isEmpty)
        }
    }

    // MARK: tracestate

    @Test func tracestateIsInheritedWithTraceparent() async throws {
        try await TraceContextHarness.with { harness in
            let (out, state) = try await harness.callback(headers: [("traceparent", Self.unsampled), ("tracestate", "foo=1,bar=2")])
            #expect(out.traceID == Self.traceID)
            #expect(!out.isSampled)
            #expect(state.keys == ["foo", "bar"])
            #expect(state["foo"] == "1")
            #expect(state["bar"] == "2")
        }
    }

    /// test_tracestate_included_traceparent_missing: a tracestate alone is discarded.
    @Test func tracestateWithoutTraceparentIsDiscarded() async throws {
        try await TraceContextHarness.with { harness in
            let (_, state) = try await harness.callback(headers: [("tracestate", "foo=1,bar=2")])
            #expect(state.members.isEmpty)
        }
    }

    @Test(arguments: ["trace-state", "trace.state"])
    func otherTracestateNamesAreIgnored(name: String) async throws {
        try await TraceContextHarness.with { harness in
            let (_, state) = try await harness.callback(headers: [("traceparent", Self.unsampled), (name, "foo=1")])
            #expect(state["foo"] == nil)
        }
    }

    @Test(arguments: ["TraceState", "TrAcEsTaTe", "TRACESTATE"])
    func tracestateNameMatchesInAnyCase(name: String) async throws {
        try await TraceContextHarness.with { harness in
            let (_, state) = try await harness.callback(headers: [("traceparent", Self.unsampled), (name, "foo=1")])
            #expect(state["foo"] == "1")
        }
    }

    /// test_tracestate_empty_header: an empty line adds nothing and removes nothing.
    @Test(arguments: [[""], ["foo=1", ""], ["", "foo=1"]])
    func emptyTracestateLines(lines: [String]) async throws {
        try await TraceContextHarness.with { harness in
            let (out, state) = try await harness.callback(headers: [("traceparent", Self.unsampled)] + lines.map { ("tracestate", $0) })
            #expect(out.traceID == Self.traceID)
            #expect(state.keys == (lines.contains("foo=1") ? ["foo"] : []))
            #expect(!harness.harness.requests.last!.headers.values(for: "tracestate").contains(""))
        }
    }

    /// Several tracestate lines are one list, their members in the order of the lines.
    @Test func multipleTracestateLinesAreJoinedInOrder() async throws {
        try await TraceContextHarness.with { harness in
            let (out, state) = try await harness.callback(headers: [
                ("traceparent", Self.unsampled),
                ("tracestate", "foo=1,bar=2"),
                ("tracestate", "rojo=1,congo=2"),
                ("tracestate", "baz=3"),
            ])
            #expect(out.traceID == Self.traceID)
            #expect(state.keys == ["foo", "bar", "rojo", "congo", "baz"])
            #expect(state.members.map(\.value) == ["1", "2", "1", "2", "3"])
        }
    }

    /// An invalid tracestate is dropped whole, and only it: the traceparent is kept.
    @Test(arguments: [
        // Duplicated keys, in one line or across lines.
        ["foo=1,foo=1"], ["foo=1,foo=2"], ["foo=1", "foo=1"], ["foo=1", "foo=2"],
        // Key grammar: lowercase letters, digits, `_-*/`, one `@` with a tenant and a system.
        ["foo =1"], ["FOO=1"], ["foo.bar=1"],
        ["foo@=1,bar=2"], ["@foo=1,bar=2"], ["foo@@bar=1,bar=2"], ["foo@bar@baz=1,bar=2"],
        // Key lengths: 256, tenant 241, system 14 at most.
        ["foo=1", String(repeating: "z", count: 257) + "=1"],
        ["foo=1", String(repeating: "t", count: 242) + "@v=1"],
        ["foo=1", "t@" + String(repeating: "v", count: 15) + "=1"],
        // Value grammar: no `=` or `,`, not empty.
        ["foo=bar=baz"], ["foo=,bar=3"],
        // "There can be a maximum of 32 list-members in a list."
        [(1...33).map { "bar\($0)=\($0)" }.joined(separator: ",")],
    ])
    func invalidTracestateIsDroppedAndTraceparentKept(lines: [String]) async throws {
        try await TraceContextHarness.with { harness in
            let (out, state) = try await harness.callback(headers: [("traceparent", Self.unsampled)] + lines.map { ("tracestate", $0) })
            #expect(out.traceID == Self.traceID)
            #expect(out.parentID != Self.parentID)
            #expect(state.members.isEmpty, "\(state.members)")
        }
    }

    @Test func thirtyTwoMembersAreKept() async throws {
        try await TraceContextHarness.with { harness in
            let lines = stride(from: 1, through: 32, by: 10).map { start in
                (start...min(start + 9, 32)).map { String(format: "bar%02d=%02d", $0, $0) }.joined(separator: ",")
            }
            let (_, state) = try await harness.callback(headers: [("traceparent", Self.unsampled)] + lines.map { ("tracestate", $0) })
            #expect(state.members.count == 32)
            #expect(state["bar01"] == "01")
            #expect(state["bar32"] == "32")
        }
    }

    @Test func longestKeysAreKept() async throws {
        try await TraceContextHarness.with { harness in
            for key in [String(repeating: "z", count: 256), String(repeating: "t", count: 241) + "@" + String(repeating: "v", count: 14)] {
                let (_, state) = try await harness.callback(headers: [("traceparent", Self.unsampled), ("tracestate", "foo=1"), ("tracestate", key + "=1")])
                #expect(state.keys == ["foo", key])
            }
        }
    }

    /// test_tracestate_all_allowed_characters.
    @Test func everyAllowedCharacterIsKept() async throws {
        let key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/"
        let value = String(decoding: Array(0x20...0x2B) + Array(0x2D...0x3C) + Array(0x3E...0x7E), as: UTF8.self)
        try await TraceContextHarness.with { harness in
            for key in [key, key + "@a-z0-9_-*/"] {
                let (_, state) = try await harness.callback(headers: [("traceparent", Self.unsampled), ("tracestate", key + "=" + value)])
                #expect(state[key] == value)
            }
        }
    }

    /// test_tracestate_ows_handling: spaces and tabs around members.
    @Test(arguments: ["foo=1 \t , \t bar=2, \t baz=3", "foo=1\t \t,\t \tbar=2,\t \tbaz=3", " foo=1,bar=2,baz=3", "\tfoo=1,bar=2,baz=3", "foo=1,bar=2,baz=3 ", "\t foo=1,bar=2,baz=3 \t"])
    func whitespaceAroundMembersIsAllowed(line: String) async throws {
        try await TraceContextHarness.with { harness in
            let (out, state) = try await harness.callback(headers: [("traceparent", Self.unsampled), ("tracestate", line)])
            #expect(out.traceID == Self.traceID)
            #expect(state.keys == ["foo", "bar", "baz"])
            #expect(state.members.map(\.value) == ["1", "2", "3"])
        }
    }

    // MARK: several callbacks (AdvancedTest)

    @Test(arguments: [[("traceparent", sampled)], [], [("traceparent", "00-00000000000000000000000000000000-\(parentID)-01")]] as [[(String, String)]])
    func everyCallbackHasItsOwnParentID(headers: [(String, String)]) async throws {
        try await TraceContextHarness.with { harness in
            let parents = try await harness.callbacks(headers: headers, count: 3).map(TraceContextHarness.Traceparent.init)
            #expect(Set(parents.map(\.parentID)).count == 3)
            #expect(Set(parents.map(\.traceID)).count == 1)
            #expect(!parents.contains { $0.traceID == "00000000000000000000000000000000" })
            if headers.first?.1 == Self.sampled {
                #expect(parents[0].traceID == Self.traceID)
            }
        }
    }

    // MARK: the endpoint itself

    @Test(arguments: [
        "not json", #"{"url": "http://127.0.0.1:9/", "arguments": []}"#, #"[{"url": 5, "arguments": []}]"#,
        #"[{"url": "http://127.0.0.1:9/"}]"#, #"[{"url": "http://127.0.0.1:9/", "arguments": {}}]"#, #"[{"url": "ftp://example.com/", "arguments": []}]"#,
    ])
    func badBodyIsABadRequest(body: String) async throws {
        try await TraceContextHarness.with { harness in
            let response = try await harness.client.post(harness.serviceURL, body: Array(body.utf8))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("element") || response.text.contains("JSON array"), "\(response.text)")
            #expect(harness.harness.requests.isEmpty)
        }
    }

    @Test func argumentsArriveAsTheJSONBodyInOrder() async throws {
        try await TraceContextHarness.with { harness in
            let body = #"[{"url": "\#(harness.harness.url("/a"))", "arguments": [{"url": "http://x/", "arguments": []}]}, {"url": "\#(harness.harness.url("/b"))", "arguments": [1, "two"]}]"#
            let response = try await harness.client.post(harness.serviceURL, body: Array(body.utf8))
            #expect(response.status == .ok)
            let received = harness.harness.requests
            #expect(received.map(\.uri) == ["/a", "/b"])
            #expect(received.map { $0.headers["Content-Type"] } == ["application/json", "application/json"])
            // The nested element arrives as it was sent (an object: its keys in any order).
            struct Nested: Decodable, Equatable {
                var url: String
                var arguments: [String]
            }
            #expect(try JSONDecoder().decode([Nested].self, from: Data(received[0].body)) == [Nested(url: "http://x/", arguments: [])])
            #expect(String(decoding: received[1].body, as: UTF8.self) == #"[1,"two"]"#)
        }
    }

    @Test func failedCallIsABadGateway() async throws {
        try await TraceContextHarness.with { harness in
            let closed = try RecordingServer()
            let url = closed.url("/gone")
            await closed.shutdown()
            let response = try await harness.client.post(harness.serviceURL, body: Array(#"[{"url": "\#(url)", "arguments": []}]"#.utf8))
            #expect(response.status == .badGateway)
            #expect(response.text.contains("connection refused"))
        }
    }
}
