/// The double-quoted string both filter syntaxes share: backslash escapes `\"`, `\\`,
/// `\n`, `\t` and `\r`, anything else refused with its position.
enum QuotedString {
    /// Reads from the opening quote at `index`; leaves `index` just past the closing quote.
    static func read(
        _ characters: [Character],
        at index: inout Int,
        unterminated: String,
        error: (String, Int) -> FilterSyntaxError
    ) throws(FilterSyntaxError) -> String {
        let opening = index
        index += 1
        var value = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "\"":
                return value
            case "\\" where index < characters.count:
                switch characters[index] {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                default: throw error("unknown escape '\\\(characters[index])'", index - 1)
                }
                index += 1
            default:
                value.append(character)
            }
        }
        throw error(unterminated, opening)
    }
}
