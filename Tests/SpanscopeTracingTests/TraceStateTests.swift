import SpanscopeTracing
import Testing
import W3CTraceContext

/// W3C Trace Context Level 2, "tracestate Header"; the cases follow the W3C test suite.
@Suite struct TraceStateTests {
    /// The header as this process would propagate it.
    private func reformatted(_ header: String) throws -> String? {
        TraceStateHeader.format(try #require(TraceStateHeader.parse(header)))
    }

    private func pairs(_ state: TraceState?) -> [String]? {
        state.map { $0.map { "\($0.vendor.rawValue)=\($0.value)" } }
    }

    @Test func parsesMembersInOrder() {
        #expect(pairs(TraceStateHeader.parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")) == ["rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"])
    }

    // "Spaces and horizontal tabs surrounding list-members are ignored."
    @Test(arguments: ["foo=1 \t , \t bar=2, \t baz=3", "foo=1\t \t,\t \tbar=2,\t \tbaz=3", "\t foo=1 \t,bar=2 ,baz=3\t"])
    func whitespaceAroundMembersIsIgnored(value: String) {
        #expect(pairs(TraceStateHeader.parse(value)) == ["foo=1", "bar=2", "baz=3"])
    }

    // "Empty and whitespace-only list members are allowed." "Vendors MUST accept empty tracestate headers".
    @Test(arguments: ["", " ", "foo=1,,bar=2", ", foo=1 ,\t, bar=2 ,"])
    func emptyMembersAreSkipped(value: String) {
        let parsed = pairs(TraceStateHeader.parse(value))
        #expect(parsed == (value.contains("foo") ? ["foo=1", "bar=2"] : []))
    }

    // "There can be a maximum of 32 list-members in a list."
    @Test func thirtyTwoMembersAreAccepted() {
        let members = (1...32).map { "bar\($0)=\($0)" }
        #expect(TraceStateHeader.parse(members.joined(separator: ","))?.count == 32)
    }

    @Test func thirtyThreeMembersDropTheWholeTraceState() {
        let members = (1...33).map { "bar\($0)=\($0)" }
        #expect(TraceStateHeader.parse(members.joined(separator: ",")) == nil)
    }

    // "Only one entry per key is allowed": the test suite expects the tracestate discarded.
    @Test(arguments: ["foo=1,foo=1", "foo=1,foo=2", "foo=1,bar=2,foo=3"])
    func duplicateKeysDropTheWholeTraceState(value: String) {
        #expect(TraceStateHeader.parse(value) == nil)
    }

    // "simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )".
    @Test(arguments: ["foo =1", "FOO=1", "foo.bar=1", "1foo=1", "=1", "foo"])
    func invalidSimpleKeyDropsTheWholeTraceState(value: String) {
        #expect(TraceStateHeader.parse("bar=2," + value) == nil)
    }

    // "multi-tenant-key = tenant-id "@" system-id", tenant-id may start with a digit, system-id may not.
    @Test(arguments: ["foo@=1", "@foo=1", "foo@@bar=1", "foo@bar@baz=1", "tenant@1system=1"])
    func invalidMultiTenantKeyDropsTheWholeTraceState(value: String) {
        #expect(TraceStateHeader.parse(value + ",bar=2") == nil)
    }

    @Test func multiTenantKeyMayStartWithADigit() {
        #expect(pairs(TraceStateHeader.parse("1tenant@system=1")) == ["1tenant@system=1"])
    }

    // Key lengths: simple key 256 characters, tenant-id 241, system-id 14.
    @Test func keyLengthLimits() {
        #expect(TraceStateHeader.parse("foo=1," + String(repeating: "z", count: 256) + "=1")?.count == 2)
        #expect(TraceStateHeader.parse("foo=1," + String(repeating: "z", count: 257) + "=1") == nil)
        #expect(TraceStateHeader.parse("foo=1," + String(repeating: "t", count: 241) + "@" + String(repeating: "v", count: 14) + "=1")?.count == 2)
        #expect(TraceStateHeader.parse("foo=1," + String(repeating: "t", count: 242) + "@v=1") == nil)
        #expect(TraceStateHeader.parse("foo=1,t@" + String(repeating: "v", count: 15) + "=1") == nil)
    }

    // The test suite's "tracestate_all_allowed_characters": every key character, and every
    // value character (0x20-0x2B, 0x2D-0x3C, 0x3E-0x7E) with the leading space preserved.
    @Test func allAllowedCharacters() {
        let key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/"
        let value = String(decoding: Array(0x20...0x2B) + Array(0x2D...0x3C) + Array(0x3E...0x7E), as: UTF8.self)
        #expect(pairs(TraceStateHeader.parse(key + "=" + value)) == [key + "=" + value])
        #expect(pairs(TraceStateHeader.parse(key + "@a-z0-9_-*/=" + value)) == [key + "@a-z0-9_-*/=" + value])
    }

    // The key grammar byte by byte: every byte from 0x00 to 0xFF at every position of a
    // simple and a multi-tenant key, judged by the grammar written out per character. The
    // bytes that end a key or a member ("=", ",", space, tab) are tested above.
    @Test(arguments: ["abcdefgh", "t1@sys"])
    func everyByteAtEveryPositionOfAKey(key: String) {
        let ends: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t")]
        for byte in UInt8.min...UInt8.max where !ends.contains(byte) {
            for position in 0..<key.utf8.count {
                var bytes = Array(key.utf8)
                bytes[position] = byte
                let parsed = TraceStateHeader.parse(String(decoding: Array("foo=1,".utf8) + bytes + Array("=v".utf8), as: UTF8.self))
                #expect((parsed != nil) == Self.isKeyByTheGrammar(bytes), "byte \(byte) at \(position) of \(key)")
            }
        }
    }

    private static func isKeyByTheGrammar(_ key: [UInt8]) -> Bool {
        func lcalpha(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
        func digit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        func later(_ byte: UInt8) -> Bool { lcalpha(byte) || digit(byte) || "_-*/".utf8.contains(byte) }
        guard let at = key.firstIndex(of: UInt8(ascii: "@")) else {
            return (1...256).contains(key.count) && lcalpha(key[0]) && key.dropFirst().allSatisfy(later)
        }
        let tenant = key[..<at]
        let system = key[(at + 1)...]
        return (1...241).contains(tenant.count) && (lcalpha(tenant.first!) || digit(tenant.first!))
            && tenant.dropFirst().allSatisfy(later)
            && (1...14).contains(system.count) && lcalpha(system.first!) && system.dropFirst().allSatisfy(later)
    }

    // "value = 0*255(chr) nblk-chr": not empty, no "," or "=", printable ASCII only.
    @Test(arguments: ["foo=bar=baz", "foo=", "foo=a\tb", "foo=a\tb\t", "foo=\t", "foo=caf\u{E9}", "foo=\u{7F}"])
    func invalidValueDropsTheWholeTraceState(value: String) {
        #expect(TraceStateHeader.parse(value + ",bar=3") == nil)
    }

    // The value grammar byte by byte, at every position of values read eight bytes at a
    // time: every byte from 0x00 to 0xFF, with a member after it and at the header's end
    // (where the bytes short of a word are read one at a time). Only a tab at the end is
    // whitespace after the value; the comma, which ends the value, is tested above.
    @Test(arguments: [8, 13, 16], [",bar=2", ""])
    func everyByteAtEveryPositionOfAValue(length: Int, after: String) {
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: ",") {
            for position in 0..<length {
                var value = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                value[position] = byte
                let header = Array("foo=".utf8) + value + Array(after.utf8)
                let valid =
                    (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "=")
                    || byte == UInt8(ascii: "\t") && position == length - 1
                let parsed = TraceStateHeader.parse(String(decoding: header, as: UTF8.self))
                #expect((parsed != nil) == valid, "byte \(byte) at \(position) of \(length), then \(after.debugDescription)")
            }
        }
    }

    // "The value is an opaque string containing up to 256 printable ASCII characters".
    @Test func valueLengthLimit() {
        #expect(TraceStateHeader.parse("foo=" + String(repeating: "v", count: 256))?.count == 1)
        #expect(TraceStateHeader.parse("foo=" + String(repeating: "v", count: 257)) == nil)
    }

    // "trailing spaces are considered to be optional whitespace characters not part of the value".
    @Test func trailingSpacesAreNotPartOfTheValue() {
        #expect(pairs(TraceStateHeader.parse("foo= a b  ")) == ["foo= a b"])
        #expect(pairs(TraceStateHeader.parse("foo=a b\t \t,bar=2")) == ["foo=a b", "bar=2"])
    }

    @Test func formatJoinsWithCommas() throws {
        let state = try #require(TraceStateHeader.parse("rojo=00f067aa0ba902b7 , congo=t61rcWkgMzE"))
        #expect(TraceStateHeader.format(state) == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
    }

    // "Vendors MUST accept empty tracestate headers but SHOULD avoid sending them."
    @Test func emptyStateIsNotWritten() {
        #expect(TraceStateHeader.format(TraceState()) == nil)
    }

    // "Vendors SHOULD propagate at least 512 characters of a combined header."
    @Test func exactly512CharactersArePropagatedWhole() throws {
        // 4 members of 127 characters and 3 commas: 511; one more character makes 512.
        let members = (0..<4).map { "k\($0)=" + String(repeating: "v", count: $0 == 3 ? 125 : 124) }
        let header = members.joined(separator: ",")
        #expect(header.utf8.count == 512)
        #expect(try reformatted(header) == header)
    }

    // "Entries larger than 128 characters long SHOULD be removed first. Then entries SHOULD
    // be removed starting from the end of tracestate."
    @Test func truncationDropsLongMembersFirst() throws {
        let long = "long=" + String(repeating: "l", count: 200)
        let short = (0..<4).map { "s\($0)=" + String(repeating: "s", count: 100) }
        let header = ([short[0], long] + short[1...]).joined(separator: ",")
        let formatted = try #require(try reformatted(header))
        #expect(formatted == short.joined(separator: ","))
    }

    @Test func truncationThenDropsMembersFromTheEnd() throws {
        let members = (0..<6).map { "k\($0)=" + String(repeating: "v", count: 100) }
        let formatted = try #require(try reformatted(members.joined(separator: ",")))
        #expect(formatted == members[0..<4].joined(separator: ","))
        #expect(formatted.utf8.count <= TraceStateHeader.propagatedLength)
    }
}
