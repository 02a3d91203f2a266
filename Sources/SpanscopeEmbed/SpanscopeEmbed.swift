import Foundation

/// Writes the trace UI's assets and templates into one Swift file, run at build time by the
/// `EmbedUIFiles` plugin:
///
/// ```
/// SpanscopeEmbed OUTPUT.swift [--asset NAME PATH]... [--template NAME PATH]...
/// ```
///
/// Text files become string literals rather than byte-array literals: the compiler takes a
/// long string in stride, while an array literal of a hundred thousand bytes costs seconds
/// of type checking. A file that is not UTF-8 is written as base64.
@main
struct SpanscopeEmbed {
    static func main() throws {
        var arguments = CommandLine.arguments.dropFirst()
        guard let output = arguments.popFirst() else { throw UsageError() }
        var assets: [(name: String, bytes: [UInt8])] = []
        var templates: [(name: String, bytes: [UInt8])] = []
        while let option = arguments.popFirst() {
            guard let name = arguments.popFirst(), let path = arguments.popFirst() else { throw UsageError() }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            switch option {
            case "--asset": assets.append((name, bytes))
            case "--template": templates.append((String(name.prefix { $0 != "." }), bytes))
            default: throw UsageError()
            }
        }

        let version = fnv1a(assets.flatMap { Array($0.name.utf8) + [0] + Array(fnv1a($0.bytes).utf8) })
        let templateEntries = try templates.map { template in
            guard let text = String(validating: template.bytes, as: UTF8.self) else { throw NotUTF8(name: template.name) }
            return "\(literal(template.name)): \(literal(text))"
        }
        let source = """
            // Generated at build time by SpanscopeEmbed from Public/ and templates/: edit those, not this.

            enum EmbeddedUIFiles {
                /// Every file of `Public/` by its path there.
                static let assets: [String: EmbeddedFile] = \(dictionary(assets.map { "\(literal($0.name)): \(file($0.bytes))" }))

                /// Every template of `templates/` by its file name without the extension.
                static let templates: [String: String] = \(dictionary(templateEntries))

                /// Changes whenever any asset does: a URL segment under which assets may be cached forever.
                static let assetsVersion = \(literal(version))
            }

            """
        try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    }

    /// A dictionary literal of one entry a line; `[:]` when empty.
    private static func dictionary(_ entries: [String]) -> String {
        entries.isEmpty ? "[:]" : "[\n" + entries.map { "        \($0),\n" }.joined() + "    ]"
    }

    private static func file(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) {
            return "EmbeddedFile(text: \(literal(text)), hash: \(literal(fnv1a(bytes))))"
        }
        return "EmbeddedFile(base64: \(literal(Data(bytes).base64EncodedString())), hash: \(literal(fnv1a(bytes))))"
    }

    /// A one-line Swift string literal of exactly `text`.
    private static func literal(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// 64-bit FNV-1a as 16 hex digits: enough to tell versions of a file apart, with no dependency.
    private static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String { "usage: SpanscopeEmbed OUTPUT.swift [--asset NAME PATH]... [--template NAME PATH]..." }
    }

    struct NotUTF8: Error, CustomStringConvertible {
        var name: String
        var description: String { "template \(name) is not UTF-8" }
    }
}
