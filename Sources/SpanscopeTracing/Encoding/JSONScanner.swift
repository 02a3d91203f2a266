/// Reads JSON text forward, one value at a time, without building a document: the
/// OTLP/JSON decoder reads each field straight into the span it fills, and skips
/// what it does not know.
///
/// Objects and arrays are walked with `beginObject()`/`nextKey()` and
/// `beginArray()`/`nextElement()`; the value after each key or element is read with
/// one of the `read` methods or skipped with `skipValue()`. Grammar errors throw with
/// the byte offset where reading stopped. The bytes stay borrowed: a scanner lives
/// only inside `withUnsafeBufferPointer` of the body it reads.
///
/// ```swift
/// try bytes.withUnsafeBufferPointer { buffer in
///     var scanner = JSONScanner(buffer)
///     try scanner.beginObject("request")
///     while try scanner.nextKey() {
///         if scanner.keyIs("name") { name = try scanner.readString() } else { try scanner.skipValue() }
///     }
/// }
/// ```
struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// A container was just opened: its first key or element has no comma before it.
    private var atContainerStart = false
    /// The last key, as a range of `bytes`, or decoded into `escapedKey` when it had escapes.
    private var keyRange = 0..<0
    private var escapedKey: [UInt8]?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func error(_ message: String) -> OTLPDecodingError {
        OTLPDecodingError("\(message) at byte \(position)")
    }

    /// Checks that nothing but whitespace follows the document.
    mutating func expectEnd() throws(OTLPDecodingError) {
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the JSON value") }
    }

    // MARK: Containers

    /// Enters the object that must come next; `field` names it in the error if none does.
    mutating func beginObject(_ field: String) throws(OTLPDecodingError) {
        try open(UInt8(ascii: "{"), "\(field): expected an object")
    }

    /// Moves to the next member and reads its key; false at the closing brace.
    mutating func nextKey() throws(OTLPDecodingError) -> Bool {
        guard try next(closing: UInt8(ascii: "}")) else { return false }
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a key") }
        let (range, escaped) = try scanString()
        keyRange = range
        escapedKey = escaped
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':'") }
        position += 1
        return true
    }

    /// True when the last key read is `name`.
    func keyIs(_ name: StaticString) -> Bool {
        let literal = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        if let escapedKey { return escapedKey.elementsEqual(literal) }
        return bytes[keyRange].elementsEqual(literal)
    }

    /// Enters the array that must come next; `field` names it in the error if none does.
    mutating func beginArray(_ field: String) throws(OTLPDecodingError) {
        try open(UInt8(ascii: "["), "\(field): expected an array")
    }

    /// Moves to the next element; false at the closing bracket.
    mutating func nextElement() throws(OTLPDecodingError) -> Bool {
        try next(closing: UInt8(ascii: "]"))
    }

    private mutating func open(_ bracket: UInt8, _ message: String) throws(OTLPDecodingError) {
        skipWhitespace()
        guard peek() == bracket else { throw error(message) }
        position += 1
        atContainerStart = true
    }

    private mutating func next(closing: UInt8) throws(OTLPDecodingError) -> Bool {
        skipWhitespace()
        let first = atContainerStart
        atContainerStart = false
        if peek() == closing {
            position += 1
            return false
        }
        if !first {
            guard peek() == UInt8(ascii: ",") else { throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))'") }
            position += 1
            skipWhitespace()
        }
        return true
    }

    // MARK: Values

    /// True (and the `null` consumed) when the next value is `null`, which protobuf's JSON
    /// mapping reads as the field's default.
    mutating func readNull() throws(OTLPDecodingError) -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    mutating func readString() throws(OTLPDecodingError) -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
        let (range, escaped) = try scanString()
        if let escaped { return String(decoding: escaped, as: UTF8.self) }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The bytes of a hex string (either case); nil, with the string consumed, when it is not hex.
    mutating func readHex() throws(OTLPDecodingError) -> [UInt8]? {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a hex string") }
        let (range, escaped) = try scanString()
        guard escaped == nil, range.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(range.count / 2)
        for index in stride(from: range.lowerBound, to: range.upperBound, by: 2) {
            guard let high = Hex.valueIgnoringCase(bytes[index]), let low = Hex.valueIgnoringCase(bytes[index + 1]) else { return nil }
            result.append(high << 4 | low)
        }
        return result
    }

    mutating func readBool() throws(OTLPDecodingError) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            throw error("expected true or false")
        }
    }

    /// A 64-bit integer, as OTLP/JSON writes it (a decimal string) or as a JSON number.
    mutating func readInt64() throws(OTLPDecodingError) -> Int64 {
        let (negative, magnitude) = try readInteger()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw error("integer out of range") }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw error("integer out of range") }
        return Int64(magnitude)
    }

    /// An unsigned 64-bit integer (times), as a decimal string or a JSON number.
    mutating func readUInt64() throws(OTLPDecodingError) -> UInt64 {
        let (negative, magnitude) = try readInteger()
        guard !negative || magnitude == 0 else { throw error("expected an unsigned integer") }
        return magnitude
    }

    /// A number, or one of protobuf's names for the values JSON lacks (`"NaN"`,
    /// `"Infinity"`, `"-Infinity"`), or a number in a string.
    mutating func readDouble() throws(OTLPDecodingError) -> Double {
        skipWhitespace()
        let text: String
        if peek() == UInt8(ascii: "\"") {
            text = try readString()
        } else {
            let start = position
            while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
            text = String(decoding: bytes[start..<position], as: UTF8.self)
        }
        guard let value = Double(text), text.first != "+", !text.isEmpty else { throw error("expected a number") }
        return value
    }

    /// Passes over one value of any kind, checking its grammar.
    mutating func skipValue() throws(OTLPDecodingError) {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"):
            try beginObject("value")
            while try nextKey() { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray("value")
            while try nextElement() { try skipValue() }
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        default:
            _ = try readDouble()
        }
    }

    // MARK: Lexing

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(OTLPDecodingError) {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard position + text.count <= bytes.count, bytes[position..<position + text.count].elementsEqual(text) else {
            throw error("expected \(literal)")
        }
        position += text.count
    }

    /// Sign and magnitude of an integer written as digits, bare or in a string.
    private mutating func readInteger() throws(OTLPDecodingError) -> (negative: Bool, magnitude: UInt64) {
        skipWhitespace()
        let quoted = peek() == UInt8(ascii: "\"")
        if quoted { position += 1 }
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        var magnitude: UInt64 = 0
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
            guard !overflow, !carry else { throw error("integer out of range") }
            magnitude = sum
            position += 1
        }
        guard position > start else { throw error("expected an integer") }
        if quoted {
            guard peek() == UInt8(ascii: "\"") else { throw error("expected an integer") }
            position += 1
        } else if let next = peek(), Self.isNumberByte(next) {
            throw error("expected an integer")
        }
        return (negative, magnitude)
    }

    /// Reads a string from its opening quote: its bytes as a range when it has no escape,
    /// else decoded.
    private mutating func scanString() throws(OTLPDecodingError) -> (Range<Int>, [UInt8]?) {
        position += 1
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return (start..<position - 1, nil)
            case UInt8(ascii: "\\"):
                return (start..<start, try decodeEscapedString(from: start))
            case 0..<0x20:
                throw error("control character in a string")
            default:
                position += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func decodeEscapedString(from start: Int) throws(OTLPDecodingError) -> [UInt8] {
        var decoded = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return decoded
            case 0..<0x20:
                throw error("control character in a string")
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { break }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"): decoded.append(contentsOf: String(try readUnicodeEscape()).utf8)
                default: throw error("unknown escape")
                }
            default:
                decoded.append(byte)
            }
        }
        throw error("unterminated string")
    }

    /// The scalar of `\uXXXX` (the `\u` read), joining a surrogate pair; a lone surrogate is U+FFFD.
    private mutating func readUnicodeEscape() throws(OTLPDecodingError) -> Unicode.Scalar {
        let first = try readHexQuad()
        guard (0xD800..<0xDC00).contains(first) else {
            return Unicode.Scalar(first) ?? "\u{FFFD}"
        }
        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
        else { return "\u{FFFD}" }
        let mark = position
        position += 2
        let second = try readHexQuad()
        guard (0xDC00..<0xE000).contains(second) else {
            position = mark
            return "\u{FFFD}"
        }
        return Unicode.Scalar(0x10000 + (first - 0xD800) << 10 + (second - 0xDC00)) ?? "\u{FFFD}"
    }

    private mutating func readHexQuad() throws(OTLPDecodingError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Hex.valueIgnoringCase(bytes[position]) else { throw error("bad \\u escape") }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default:
            false
        }
    }
}
