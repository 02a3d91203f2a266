/// A streaming JSON writer into UTF-8 bytes, shared by every JSON encoder.
///
/// Strings are escaped for JSON and for embedding in HTML: `<`, `>` and `&` are
/// written as `\u003c`-style escapes so `</script>` in a span name cannot end a
/// script element holding the trace, and U+2028/U+2029 are escaped because
/// older JavaScript rejects them in string literals. Everything else outside
/// ASCII, astral characters included, is written as raw UTF-8 (valid JSON).
/// JSON that another encoder wrote gets the same escapes from `escapingForHTML(_:)`.
package struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// No comma before the next value: the container just opened.
    private var atContainerStart = true
    /// No comma before the next value: it follows a key.
    private var afterKey = false

    init() {
        bytes.reserveCapacity(4096)
    }

    private mutating func beginValue() {
        if afterKey {
            afterKey = false
        } else {
            if !atContainerStart { bytes.append(UInt8(ascii: ",")) }
            atContainerStart = false
        }
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        container(open: "{", close: "}", body)
    }

    mutating func array(_ body: (inout JSONWriter) -> Void) {
        container(open: "[", close: "]", body)
    }

    private mutating func container(open: Unicode.Scalar, close: Unicode.Scalar, _ body: (inout JSONWriter) -> Void) {
        beginValue()
        bytes.append(UInt8(ascii: open))
        atContainerStart = true
        body(&self)
        bytes.append(UInt8(ascii: close))
        atContainerStart = false
    }

    mutating func key(_ name: String) {
        beginValue()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    mutating func string(_ value: String) {
        beginValue()
        appendQuoted(value)
    }

    /// Lowercase hex of IDs, which needs no escaping.
    mutating func hex(_ ascii: [UInt8]) {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
        bytes += ascii
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int<Integer: BinaryInteger>(_ value: Integer) {
        beginValue()
        bytes += String(value).utf8
    }

    /// A 64-bit integer as a decimal string, for readers whose numbers are doubles.
    mutating func intString<Integer: BinaryInteger>(_ value: Integer) {
        string(String(value))
    }

    /// Finite values as numbers; NaN and the infinities, which JSON lacks, as the
    /// strings `"NaN"`, `"Infinity"`, `"-Infinity"` (protobuf's JSON mapping).
    mutating func double(_ value: Double) {
        if let name = Self.nonFiniteName(value) {
            string(name)
        } else {
            beginValue()
            bytes += value.description.utf8
        }
    }

    static func nonFiniteName(_ value: Double) -> String? {
        value.isFinite ? nil : value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity"
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        bytes += (value ? "true" : "false").utf8
    }

    mutating func null() {
        beginValue()
        bytes += "null".utf8
    }

    private mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": bytes += #"\""#.utf8
            case "\\": bytes += #"\\"#.utf8
            case "\n": bytes += #"\n"#.utf8
            case "\r": bytes += #"\r"#.utf8
            case "\t": bytes += #"\t"#.utf8
            case "\u{08}": bytes += #"\b"#.utf8
            case "\u{0C}": bytes += #"\f"#.utf8
            default: appendEscapingForHTML(scalar)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The scalars JSON allows raw that a `<script>` element or older JavaScript does not, and
    /// the control characters without a short escape, as `\u` escapes; any other as UTF-8.
    /// Inlined: it runs for nearly every character an encoder writes.
    @inline(__always)
    private mutating func appendEscapingForHTML(_ scalar: Unicode.Scalar) {
        switch scalar {
        case "\u{00}"..."\u{1F}", "<", ">", "&", "\u{7F}", "\u{2028}", "\u{2029}":
            appendUnicodeEscape(scalar.value)
        default:
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes += String(scalar).utf8
            }
        }
    }

    /// Compact JSON text from another encoder (Foundation's `JSONEncoder`, no `.prettyPrinted`)
    /// with the escapes this writer's strings have, so that it too can be inlined in a
    /// `<script>` element. Compact JSON has none of these characters outside its strings.
    ///
    /// ```swift
    /// let json = JSONWriter.escapingForHTML(Array(#"{"name":"</script>"}"#.utf8))
    /// // {"name":"\u003c/script\u003e"}
    /// ```
    package static func escapingForHTML(_ json: [UInt8]) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(json.count)
        for scalar in String(decoding: json, as: UTF8.self).unicodeScalars {
            writer.appendEscapingForHTML(scalar)
        }
        return writer.bytes
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendUnicodeEscape(_ value: UInt32) {
        bytes += #"\u"#.utf8
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(Self.hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}

extension JSONWriter {
    mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field<Integer: BinaryInteger>(_ name: String, _ value: Integer) {
        key(name)
        int(value)
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func field(_ name: String, hex ascii: [UInt8]) {
        key(name)
        hex(ascii)
    }

    mutating func field(_ name: String, object body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    mutating func field(_ name: String, array body: (inout JSONWriter) -> Void) {
        key(name)
        array(body)
    }

    /// JSON text of one value on its own, for formats that carry JSON inside strings.
    static func text(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
