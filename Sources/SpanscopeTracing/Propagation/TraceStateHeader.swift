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
        var value = headerValue
        return value.withUTF8(parse)
    }

    /// A received header as a span context keeps it: the header itself when it is valid
    /// and already formatted (no spaces around members, no empty members, within
    /// `propagatedLength`), else parsed; nil when it must be dropped.
    static func value(of headerValue: String) -> TraceStateValue? {
        var value = headerValue
        return value.withUTF8 { bytes in
            withMembers(of: bytes) { members -> TraceStateValue in
                if members.isEmpty { return .empty }
                // Formatting joins the members with single commas; a header of exactly that
                // length has nothing around or between them to drop.
                let joinedLength = members.reduce(-1) { $0 + $1.key.count + 1 + $1.value.count + 1 }
                if joinedLength == bytes.count, bytes.count <= propagatedLength { return .header(headerValue) }
                return .parsed(state(of: members))
            }
        }
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
        withMembers(of: bytes, state(of:))
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
    /// them to `body`; nil when the header is invalid.
    private static func withMembers<Result>(
        of bytes: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeMutableBufferPointer<Member>.SubSequence) -> Result
    ) -> Result? {
        withUnsafeTemporaryAllocation(of: Member.self, capacity: maximumMemberCount) { members in
            var count = 0
            for member in OWS.listElements(bytes) {
                guard count < maximumMemberCount, let equals = member.firstIndex(of: UInt8(ascii: "=")) else { return nil }
                let key = UnsafeBufferPointer(rebasing: member[..<equals])
                let value = UnsafeBufferPointer(rebasing: member[(equals + 1)...])
                guard isValidKey(key), isValidValue(value),
                    !members[..<count].contains(where: { $0.key.elementsEqual(key) })
                else { return nil }
                members.initializeElement(at: count, to: Member(key: key, value: value))
                count += 1
            }
            return body(members[..<count])
        }
    }

    /// `key = simple-key / multi-tenant-key`, where
    /// `simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )`,
    /// `tenant-id = ( lcalpha / DIGIT ) 0*240( ... )` and `system-id = lcalpha 0*13( ... )`.
    static func isValidKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let at = key.firstIndex(of: UInt8(ascii: "@")) else {
            return isValidKeyPart(key, maxLength: 256, digitFirst: false)
        }
        return isValidKeyPart(UnsafeBufferPointer(rebasing: key[..<at]), maxLength: 241, digitFirst: true)
            && isValidKeyPart(UnsafeBufferPointer(rebasing: key[(at + 1)...]), maxLength: 14, digitFirst: false)
    }

    private static func isValidKeyPart(_ part: UnsafeBufferPointer<UInt8>, maxLength: Int, digitFirst: Bool) -> Bool {
        guard let first = part.first, part.count <= maxLength else { return false }
        guard isLowercaseAlpha(first) || (digitFirst && isDigit(first)) else { return false }
        return part.dropFirst().allSatisfy { byte in
            isLowercaseAlpha(byte) || isDigit(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "/")
        }
    }

    /// `value = 0*255(chr) nblk-chr`, `chr = %x20 / nblk-chr`,
    /// `nblk-chr = %x21-2B / %x2D-3C / %x3E-7E`. The member was trimmed of OWS, so the
    /// value cannot end in a space.
    static func isValidValue(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !value.isEmpty, value.count <= 256 else { return false }
        return value.allSatisfy { byte in
            byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: ",") && byte != UInt8(ascii: "=")
        }
    }

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
