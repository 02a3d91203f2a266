import SpanscopeTracing
import Testing
import W3CTraceContext

/// W3C Trace Context Level 2, "traceparent Header" and "Versioning of traceparent";
/// the cases follow the W3C test suite (test/test.py).
@Suite struct TraceParentTests {
    static let traceIDHex = "12345678901234567890123456789012"
    static let parentIDHex = "1234567890123456"

    @Test func parsesVersion00IntoIDsAndFlags() throws {
        let parent = try TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(parent.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parent.parentID.description == "00f067aa0ba902b7")
        #expect(parent.flags == .sampled)
    }

    @Test func parsesTheLevel2RandomFlag() throws {
        let parent = try TraceParent("00-\(Self.traceIDHex)-\(Self.parentIDHex)-02")
        #expect(parent.flags == .randomTraceID)
    }

    // "version-format ... is used for version 00": exactly 55 characters.
    @Test(arguments: [
        "00-12345678901234567890123456789012-1234567890123456-01.",
        "00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
    ])
    func version00WithExtraCharactersIsInvalid(value: String) {
        #expect(throws: TraceParentError.invalidLength) { try TraceParent(value) }
    }

    // "If a higher version is detected, the implementation SHOULD try to parse it":
    // trace-id, parent-id and flags by position, the flags "either at the end of the string
    // or followed by a dash".
    @Test(arguments: [
        "cc-12345678901234567890123456789012-1234567890123456-01",
        "cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
    ])
    func higherVersionIsParsedByItsPrefix(value: String) throws {
        let parent = try TraceParent(value)
        #expect(parent.traceID.description == Self.traceIDHex)
        #expect(parent.parentID.description == Self.parentIDHex)
        #expect(parent.flags == .sampled)
    }

    @Test func higherVersionWithoutDashAfterFlagsIsInvalid() {
        #expect(throws: TraceParentError.malformedField) {
            try TraceParent("cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like")
        }
    }

    // "If the size of the header is shorter than 55 characters, the vendor should not parse the header".
    @Test func higherVersionShorterThan55IsInvalid() {
        #expect(throws: TraceParentError.invalidLength) {
            try TraceParent("cc-12345678901234567890123456789012-1234567890123456-1")
        }
    }

    // "Vendors MUST use these fields to construct the new traceparent field according to the
    // highest version of the specification known to the implementation".
    @Test func higherVersionIsWrittenAsVersion00() throws {
        let parent = try TraceParent("cc-12345678901234567890123456789012-1234567890123456-01-extra")
        #expect(parent.headerValue == "00-12345678901234567890123456789012-1234567890123456-01")
    }

    // "Version ff is invalid."
    @Test func versionFFIsForbidden() {
        #expect(throws: TraceParentError.forbiddenVersion) {
            try TraceParent("ff-12345678901234567890123456789012-1234567890123456-01")
        }
    }

    // "When the version prefix cannot be parsed (it's not 2 hex characters followed by a
    // dash (-)), the implementation should restart the trace."
    @Test(arguments: [
        ".0-12345678901234567890123456789012-1234567890123456-01",
        "0.-12345678901234567890123456789012-1234567890123456-01",
        "000-12345678901234567890123456789012-1234567890123456-01",
        "0000-12345678901234567890123456789012-1234567890123456-01",
        "0-12345678901234567890123456789012-1234567890123456-01",
        "0A-12345678901234567890123456789012-1234567890123456-01",
        "",
    ])
    func unparsableVersionPrefixIsInvalid(value: String) {
        #expect(throws: TraceParentError.malformedVersion) { try TraceParent(value) }
    }

    // HEXDIGLC: "lowercase hex character"; anything else in a field is invalid.
    @Test(arguments: [
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        "00-.2345678901234567890123456789012-1234567890123456-01",
        "00-1234567890123456789012345678901.-1234567890123456-01",
        "00-12345678901234567890123456789012-.234567890123456-01",
        "00-12345678901234567890123456789012-123456789012345.-01",
        "00-12345678901234567890123456789012-1234567890123456-.0",
        "00-12345678901234567890123456789012-1234567890123456-0.",
        "00-12345678901234567890123456789012_1234567890123456-01",
        // The characters next to the two ranges of HEXDIGLC.
        "00-/2345678901234567890123456789012-1234567890123456-01",
        "00-:2345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012-`234567890123456-01",
        "00-12345678901234567890123456789012-g234567890123456-01",
        // Bytes above ASCII: "é" is two of them, keeping the field 32 bytes long.
        "00-123456789012345678901234567890é-1234567890123456-01",
    ])
    func nonLowercaseHexFieldIsInvalid(value: String) {
        #expect(throws: TraceParentError.malformedField) { try TraceParent(value) }
    }

    // Fields of the wrong size shift the total length away from 55.
    @Test(arguments: [
        "00-123456789012345678901234567890123-1234567890123456-01",
        "00-1234567890123456789012345678901-1234567890123456-01",
        "00-12345678901234567890123456789012-12345678901234567-01",
        "00-12345678901234567890123456789012-123456789012345-01",
        "00-12345678901234567890123456789012-1234567890123456-001",
        "00-12345678901234567890123456789012-1234567890123456-1",
    ])
    func fieldOfWrongSizeIsInvalid(value: String) {
        #expect(throws: TraceParentError.invalidLength) { try TraceParent(value) }
    }

    // "All bytes as zero (00000000000000000000000000000000) is considered an invalid value."
    @Test func allZeroTraceIDIsInvalid() {
        #expect(throws: TraceParentError.zeroTraceID) {
            try TraceParent("00-00000000000000000000000000000000-1234567890123456-01")
        }
    }

    // "All bytes as zero (0000000000000000) is considered an invalid value."
    @Test func allZeroParentIDIsInvalid() {
        #expect(throws: TraceParentError.zeroParentID) {
            try TraceParent("00-12345678901234567890123456789012-0000000000000000-01")
        }
    }

    // The test suite's "traceparent_ows_handling": heading and trailing spaces and tabs.
    @Test(arguments: [
        " 00-12345678901234567890123456789012-1234567890123456-01",
        "\t00-12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456-01 ",
        "00-12345678901234567890123456789012-1234567890123456-01\t",
        "\t 00-12345678901234567890123456789012-1234567890123456-01 \t",
    ])
    func surroundingWhitespaceIsIgnored(value: String) throws {
        #expect(try TraceParent(value).traceID.description == Self.traceIDHex)
    }

    // The test suite's "traceparent_duplicated": two different values restart the trace.
    @Test func differingValuesOfSeveralLinesAreInvalid() {
        #expect(throws: TraceParentError.conflictingValues) {
            try TraceParent(
                "00-12345678901234567890123456789011-1234567890123456-01,00-12345678901234567890123456789012-1234567890123456-01"
            )
        }
    }

    @Test func identicalValuesOfSeveralLinesAreOneValue() throws {
        let value = "00-\(Self.traceIDHex)-\(Self.parentIDHex)-01"
        #expect(try TraceParent(value + ", " + value).traceID.description == Self.traceIDHex)
    }

    // "Other Flags ... Vendors MUST set those to zero." Only sampled (01) and random (02) are sent.
    @Test func undefinedFlagsAreDroppedWhenParsedAndNeverWritten() throws {
        let parsed = try TraceParent("00-\(Self.traceIDHex)-\(Self.parentIDHex)-ff")
        #expect(parsed.flags == [.sampled, .randomTraceID])
        let built = TraceParent(traceID: parsed.traceID, parentID: parsed.parentID, flags: TraceFlags(rawValue: 0xFD))
        #expect(built.headerValue == "00-\(Self.traceIDHex)-\(Self.parentIDHex)-01")
    }

    @Test func headerValueRoundTrips() throws {
        let value = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"
        #expect(try TraceParent(value).headerValue == value)
    }

    // Every hex digit at every position of both IDs, read and written back.
    @Test(arguments: 0..<16)
    func everyDigitAtEveryPositionRoundTrips(rotation: Int) throws {
        let digits = Array("0123456789abcdef")
        let rotated = String(digits[rotation...] + digits[..<rotation])
        let reversed = String(rotated.reversed())
        let value = "00-\(rotated)\(reversed)-\(reversed)-01"
        #expect(try TraceParent(value).headerValue == value)
    }
}
