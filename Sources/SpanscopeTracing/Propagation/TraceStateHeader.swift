public import W3CTraceContext

/// The `tracestate` header, parsed and written as W3C Trace Context Level 2 says.
///
/// swift-w3c-trace-context's own parser throws for the whole context on one bad member,
/// accepts 33 members and `=` inside values; this one drops only the tracestate, and
/// only when the spec says so.
///
/// ```swift
/// let state = TraceStateHeader.parse("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE")
/// TraceStateHeader.format(state!) // "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
/// ```
public enum TraceStateHeader {
    /// The header name, lowercase as the spec asks senders to write it.
    public static let headerName = "tracestate"

    /// "There can be a maximum of 32 list-members in a list."
    public static let maximumMemberCount = 32

    /// "Vendors SHOULD propagate at least 512 characters of a combined header."
    public static let propagatedLength = 512

    /// "Entries larger than 128 characters long SHOULD be removed first."
    static let longMemberLength = 128

    /// Parses a header value, several header lines joined with `,` included.
    ///
    /// - Returns: nil when the value is invalid and must be dropped whole: a member that
    ///   breaks the key or value grammar, more than 32 members, or a key seen twice.
    ///   Empty members are skipped, so an empty header gives an empty state.
    public static func parse(_ headerValue: String) -> TraceState? {
        headerValue.withContiguousUTF8(parse)
    }

    /// A received header as a span context keeps it: the header itself when it is valid
    /// and already formatted (no spaces around members, no empty members, within
    /// `propagatedLength`), else parsed; nil when it must be dropped.
    static func value(of headerValue: consuming String) -> TraceStateValue? {
        // The closure leaves the header out, and the header moves into the value: no retain
        // or release of it on the way, which every extract of a `tracestate` would pay.
        let reading = headerValue.withContiguousUTF8 { bytes in
            withMembers(of: bytes) { members, isFormatted -> Reading in
                if members.isEmpty { return .value(.empty) }
                if isFormatted, bytes.count <= propagatedLength { return .asReceived }
                return .value(.parsed(state(of: members)))
            }
        }
        switch reading {
        case nil: return nil
        case .asReceived: return .header(headerValue)
        case .value(let value): return value
        }
    }

    /// What `value(of:)` makes of a valid header.
    private enum Reading {
        /// The header itself, kept as it arrived.
        case asReceived
        case value(TraceStateValue)
    }

    /// Writes `state` as one header value, or nil when it is empty. Beyond `maxLength`
    /// characters whole members are dropped in the spec's order: members longer than 128
    /// characters first (from the end), then members from the end.
    public static func format(_ state: TraceState, maxLength: Int = propagatedLength) -> String? {
        var length = -1
        for member in state { length += member.length + 1 }
        if length <= 0 { return nil }
        if length <= maxLength { return join(state, capacity: length) }
        return truncate(Array(state), length: length, maxLength: maxLength)
    }
}

extension TraceStateHeader {
    /// One list member, as slices of the header bytes.
    private struct Member {
        let key: UnsafeBufferPointer<UInt8>
        let value: UnsafeBufferPointer<UInt8>
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> TraceState? {
        withMembers(of: bytes) { members, _ in state(of: members) }
    }

    private static func state(of members: UnsafeMutableBufferPointer<Member>.SubSequence) -> TraceState {
        var state = TraceState()
        // Setting a key puts it first, so the members go in from the last one.
        for member in members.reversed() {
            state[TraceState.Vendor(rawValue: String(decoding: member.key, as: UTF8.self))] =
                String(decoding: member.value, as: UTF8.self)
        }
        return state
    }

    /// Validates the members in place, on the stack, before any string is made, and hands
    /// them to `body` with whether the header is already formatted (no whitespace around a
    /// member, no empty member); nil when the header is invalid.
    ///
    /// One pass over the bytes, and a second over each key for its `@`: every extract of a
    /// request with a `tracestate` runs it.
    private static func withMembers<Result>(
        of bytes: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeMutableBufferPointer<Member>.SubSequence, Bool) -> Result
    ) -> Result? {
        withUnsafeTemporaryAllocation(of: Member.self, capacity: maximumMemberCount) { members in
            var count = 0
            var isFormatted = true
            var position = 0
            while position <= bytes.count {
                var start = position
                while start < bytes.count, OWS.isWhitespace(bytes[start]) { start += 1 }
                if start != position { isFormatted = false }
                guard let member = scanMember(bytes, from: start) else { return nil }
                position = member.next
                guard let key = member.key else {
                    // "Empty and whitespace-only list members are allowed" and skipped.
                    isFormatted = false
                    continue
                }
                if member.hadTrailingWhitespace { isFormatted = false }
                guard count < maximumMemberCount, !members[..<count].contains(where: { $0.key.count == key.count && $0.key.elementsEqual(key) }) else {
                    return nil
                }
                members.initializeElement(at: count, to: Member(key: key, value: member.value))
                count += 1
            }
            return body(members[..<count], isFormatted)
        }
    }

    /// One list member from `start` (past its leading whitespace) to the next `,` or the end.
    private struct ScannedMember {
        /// Nil for an empty member.
        var key: UnsafeBufferPointer<UInt8>?
        var value: UnsafeBufferPointer<UInt8>
        var hadTrailingWhitespace: Bool
        /// Where the next member starts: past the `,`, or past the end.
        var next: Int
    }

    /// Reads `key=value`, checking the value's grammar as it goes and the key's once its end
    /// is found; nil when the member breaks either.
    private static func scanMember(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> ScannedMember? {
        let end = bytes.count
        var index = start
        // The key ends at the first byte that no key may hold; `@` is one it may hold,
        // once, which `isValidKey` checks with the rest of the key grammar.
        while index < end, isKeyCharacter(bytes[index]) { index += 1 }
        guard index < end, bytes[index] == UInt8(ascii: "=") else {
            // Only whitespace may be left of an empty member.
            guard index == start else { return nil }
            while index < end, OWS.isWhitespace(bytes[index]) { index += 1 }
            guard index == end || bytes[index] == UInt8(ascii: ",") else { return nil }
            return ScannedMember(key: nil, value: UnsafeBufferPointer(start: nil, count: 0), hadTrailingWhitespace: false, next: index + 1)
        }
        let key = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard isValidKey(key) else { return nil }
        let valueStart = index + 1
        index = valueStart
        // A tab is whitespace after the value, never inside it.
        var firstTab = Int.max
        while index < end {
            if end - index >= 8, isPlainValueWord(bytes, at: index) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: ",") { break }
            if byte == UInt8(ascii: "\t") {
                firstTab = min(firstTab, index)
            } else {
                guard byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "=") else { return nil }
            }
            index += 1
        }
        var valueEnd = index
        while valueEnd > valueStart, OWS.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        guard firstTab >= valueEnd, valueEnd > valueStart, valueEnd - valueStart <= 256 else { return nil }
        return ScannedMember(
            key: key,
            value: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]),
            hadTrailingWhitespace: valueEnd != index,
            next: index + 1
        )
    }

    /// Whether the eight bytes at `offset` are all value characters other than the tab:
    /// printable ASCII except `,` and `=`. Values are most of a header's bytes, and this
    /// tests eight at once with no branch per byte.
    @inline(__always)
    private static func isPlainValueWord(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101
        let topBits: UInt64 = 0x8080_8080_8080_8080
        // Each test leaves a byte's top bit set when some byte of the word matches; which
        // byte may be wrong after the first, but whether one matches is exact.
        func hasZeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & topBits }
        let comma = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: ","))))
        let equals = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "="))))
        let control = (word &- ones &* 0x20) & ~word & topBits  // below 0x20, tab included
        let aboveTilde = ((word &+ ones) | word) & topBits  // above 0x7E
        return comma | equals | control | aboveTilde == 0
    }

    /// `key = simple-key / multi-tenant-key`, where
    /// `simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )`,
    /// `tenant-id = ( lcalpha / DIGIT ) 0*240( ... )` and `system-id = lcalpha 0*13( ... )`.
    /// Every byte is already one of those or `@`.
    private static func isValidKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = key.first else { return false }
        guard let at = key.firstIndex(of: UInt8(ascii: "@")) else {
            return key.count <= 256 && isLowercaseAlpha(first)
        }
        let tenantLength = at
        let systemLength = key.count - at - 1
        return tenantLength >= 1 && tenantLength <= 241 && (isLowercaseAlpha(first) || isDigit(first))
            && systemLength >= 1 && systemLength <= 14 && isLowercaseAlpha(key[at + 1])
            && !key[(at + 1)...].contains(UInt8(ascii: "@"))
    }

    /// `lcalpha / DIGIT / "_" / "-" / "*" / "/"`, or `@`, as bits of two 64-bit masks:
    /// one test per byte of a key, with no branch.
    @inline(__always)
    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        let mask = byte < 64 ? keyCharactersBelow64 : keyCharactersFrom64
        return byte < 128 && (mask >> UInt64(byte & 63)) & 1 == 1
    }

    /// `*`, `-`, `/` and the digits.
    private static let keyCharactersBelow64: UInt64 = (1 << 0x2A) | (1 << 0x2D) | (1 << 0x2F) | (0x3FF << 0x30)
    /// `@`, `_` and `a` to `z`.
    private static let keyCharactersFrom64: UInt64 = 1 | (1 << (0x5F - 64)) | (0x3FF_FFFF << (0x61 - 64))

    @inline(__always)
    private static func isLowercaseAlpha(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func join(_ members: some Sequence<TraceState.Element>, capacity: Int) -> String {
        var header = ""
        header.reserveCapacity(capacity)
        for member in members {
            if !header.isEmpty { header.append(",") }
            header.append(member.vendor.rawValue)
            header.append("=")
            header.append(member.value)
        }
        return header
    }

    private static func truncate(_ members: [TraceState.Element], length: Int, maxLength: Int) -> String? {
        var kept = members.map { _ in true }
        var length = length
        for index in members.indices.reversed() where length > maxLength && members[index].length > longMemberLength {
            kept[index] = false
            length -= members[index].length + 1
        }
        for index in members.indices.reversed() where length > maxLength && kept[index] {
            kept[index] = false
            length -= members[index].length + 1
        }
        guard length > 0 else { return nil }
        return join(members.indices.lazy.filter { kept[$0] }.map { members[$0] }, capacity: length)
    }
}

extension TraceState.Element {
    /// Characters of `key=value`; both are ASCII once parsed.
    fileprivate var length: Int { vendor.rawValue.utf8.count + 1 + value.utf8.count }
}
