/// One token of a TraceQL query, with its offset for error messages.
struct TraceQLToken: Sendable {
    enum Kind: Sendable, Equatable {
        case openBrace, closeBrace, openParen, closeParen
        case and, or
        case comparison(TraceQLOperator)
        /// A field path or a keyword (`name`, `span.http.route`, `error`, `true`).
        case identifier(String)
        /// An attribute key in quotes after a scope: `span."my key"`.
        case quotedAttribute(scope: String, key: String)
        case string(String)
        case integer(Int64)
        case decimal(Double)
        case duration(nanos: UInt64)
        case end
    }

    var kind: Kind
    var position: Int
}

enum TraceQLOperator: String, Sendable {
    case equal = "=", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
    case matchesRegex = "=~", notMatchesRegex = "!~"
}

/// Splits a TraceQL query into tokens.
struct TraceQLLexer {
    let input: String
    private let characters: [Character]
    private var index = 0

    init(_ input: String) {
        self.input = input
        characters = Array(input)
    }

    mutating func tokenize() throws(FilterSyntaxError) -> [TraceQLToken] {
        var tokens: [TraceQLToken] = []
        while true {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(FilterSyntaxError) -> TraceQLToken {
        let start = index
        guard index < characters.count else { return TraceQLToken(kind: .end, position: start) }
        let character = characters[index]
        let following = index + 1 < characters.count ? characters[index + 1] : nil
        func token(_ kind: TraceQLToken.Kind, length: Int) -> TraceQLToken {
            index += length
            return TraceQLToken(kind: kind, position: start)
        }
        switch (character, following) {
        case ("{", _): return token(.openBrace, length: 1)
        case ("}", _): return token(.closeBrace, length: 1)
        case ("(", _): return token(.openParen, length: 1)
        case (")", _): return token(.closeParen, length: 1)
        case ("&", "&"): return token(.and, length: 2)
        case ("|", "|"): return token(.or, length: 2)
        case ("=", "~"): return token(.comparison(.matchesRegex), length: 2)
        case ("!", "~"): return token(.comparison(.notMatchesRegex), length: 2)
        case ("!", "="): return token(.comparison(.notEqual), length: 2)
        case (">", "="): return token(.comparison(.greaterOrEqual), length: 2)
        case ("<", "="): return token(.comparison(.lessOrEqual), length: 2)
        case ("=", _): return token(.comparison(.equal), length: 1)
        case (">", _): return token(.comparison(.greater), length: 1)
        case ("<", _): return token(.comparison(.less), length: 1)
        case ("\"", _): return TraceQLToken(kind: .string(try readString()), position: start)
        case ("!", _): throw error("negation with '!' is not supported; use '!=' or '!~'", at: start)
        case ("|", _): throw error("pipelines ('|') are not supported", at: start)
        case ("&", _): throw error("expected '&&'", at: start)
        default:
            if character.isNumber || (character == "-" && following?.isNumber == true) {
                return TraceQLToken(kind: try readNumber(), position: start)
            }
            if Self.startsIdentifier(character) {
                return TraceQLToken(kind: try readIdentifier(), position: start)
            }
            throw error("unexpected character '\(character)'", at: start)
        }
    }

    private static func startsIdentifier(_ character: Character) -> Bool {
        character == "." || character == "_" || character.isLetter
    }

    private static func continuesIdentifier(_ character: Character) -> Bool {
        startsIdentifier(character) || character.isNumber || character == "-"
    }

    private mutating func readIdentifier() throws(FilterSyntaxError) -> TraceQLToken.Kind {
        let start = index
        while index < characters.count, Self.continuesIdentifier(characters[index]) { index += 1 }
        let text = String(characters[start..<index])
        if index < characters.count, characters[index] == "\"", text == "." || text == "span." || text == "resource." {
            return .quotedAttribute(scope: text, key: try readString())
        }
        return .identifier(text)
    }

    private mutating func readString() throws(FilterSyntaxError) -> String {
        try QuotedString.read(characters, at: &index, unterminated: "unterminated string", error: error)
    }

    private mutating func readNumber() throws(FilterSyntaxError) -> TraceQLToken.Kind {
        let start = index
        if characters[index] == "-" { index += 1 }
        while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
        let number = String(characters[start..<index])
        let unitStart = index
        while index < characters.count, characters[index].isLetter { index += 1 }
        let unit = String(characters[unitStart..<index])
        guard !unit.isEmpty else {
            if let integer = Int64(number) { return .integer(integer) }
            if let decimal = Double(number) { return .decimal(decimal) }
            throw error("malformed number '\(number)'", at: start)
        }
        guard let scale = Self.durationUnits[unit] else {
            throw error("unknown duration unit '\(unit)'; use ns, us, ms, s, m or h", at: unitStart)
        }
        guard let value = Double(number), value >= 0 else {
            throw error("malformed duration '\(number)\(unit)'", at: start)
        }
        return .duration(nanos: UInt64(min(value * scale, 1.8e19)))
    }

    private static let durationUnits: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]

    private func error(_ message: String, at position: Int) -> FilterSyntaxError {
        FilterSyntaxError(syntax: "TraceQL", message: message, position: position, input: input)
    }
}
