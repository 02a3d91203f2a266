import Tracing

/// Recursive descent over TraceQL tokens; `&&` binds tighter than `||` at
/// both levels, and every value is checked against its field as it is parsed,
/// so a query that parses never fails at evaluation.
struct TraceQLParser {
    private let input: String
    private let tokens: [TraceQLToken]
    private var index = 0

    init(_ input: String) throws(FilterSyntaxError) {
        self.input = input
        var lexer = TraceQLLexer(input)
        tokens = try lexer.tokenize()
    }

    private var current: TraceQLToken { tokens[index] }

    mutating func parseQuery() throws(FilterSyntaxError) -> TraceQLSpansetExpression {
        guard current.kind != .end else { throw error("empty query; expected '{'", at: current.position) }
        let expression = try parseSpansetOr()
        guard current.kind == .end else {
            throw error("unexpected \(describe(current)) after the query", at: current.position)
        }
        return expression
    }

    private mutating func parseSpansetOr() throws(FilterSyntaxError) -> TraceQLSpansetExpression {
        var expression = try parseSpansetAnd()
        while current.kind == .or {
            index += 1
            expression = .or(expression, try parseSpansetAnd())
        }
        return expression
    }

    private mutating func parseSpansetAnd() throws(FilterSyntaxError) -> TraceQLSpansetExpression {
        var expression = try parseSpansetTerm()
        while current.kind == .and {
            index += 1
            expression = .and(expression, try parseSpansetTerm())
        }
        return expression
    }

    private mutating func parseSpansetTerm() throws(FilterSyntaxError) -> TraceQLSpansetExpression {
        switch current.kind {
        case .openParen:
            index += 1
            let expression = try parseSpansetOr()
            try expect(.closeParen, "')'")
            return expression
        case .openBrace:
            index += 1
            if current.kind == .closeBrace {
                index += 1
                return .spanset(nil)
            }
            let condition = try parseConditionOr()
            try expect(.closeBrace, "'}'")
            return .spanset(condition)
        default:
            throw error("expected '{' to start a spanset, found \(describe(current))", at: current.position)
        }
    }

    private mutating func parseConditionOr() throws(FilterSyntaxError) -> TraceQLCondition {
        var condition = try parseConditionAnd()
        while current.kind == .or {
            index += 1
            condition = .or(condition, try parseConditionAnd())
        }
        return condition
    }

    private mutating func parseConditionAnd() throws(FilterSyntaxError) -> TraceQLCondition {
        var condition = try parseConditionTerm()
        while current.kind == .and {
            index += 1
            condition = .and(condition, try parseConditionTerm())
        }
        return condition
    }

    private mutating func parseConditionTerm() throws(FilterSyntaxError) -> TraceQLCondition {
        if current.kind == .openParen {
            index += 1
            let condition = try parseConditionOr()
            try expect(.closeParen, "')'")
            return condition
        }
        let field = try parseField()
        guard case .comparison(let op) = current.kind else {
            throw error("expected an operator (= != > >= < <= =~ !~), found \(describe(current))", at: current.position)
        }
        index += 1
        let value = try parseValue(for: field, op: op)
        return .comparison(TraceQLComparison(field: field, op: op, value: value))
    }

    private mutating func parseField() throws(FilterSyntaxError) -> TraceQLField {
        let token = current
        index += 1
        switch token.kind {
        case .quotedAttribute(let scope, let key):
            return Self.attribute(scope: scope, key: key)
        case .identifier(let name):
            switch name {
            case "name": return .name
            case "status": return .status
            case "kind": return .kind
            case "duration": return .duration
            case "traceDuration": return .traceDuration
            default: break
            }
            for scope in ["span.", "resource.", "."] where name.hasPrefix(scope) && name.count > scope.count {
                return Self.attribute(scope: scope, key: String(name.dropFirst(scope.count)))
            }
            throw error(
                "unknown field '\(name)'; use name, status, kind, duration, traceDuration, span.<key>, resource.<key> or .<key>",
                at: token.position
            )
        default:
            throw error("expected a field, found \(describe(token))", at: token.position)
        }
    }

    private static func attribute(scope: String, key: String) -> TraceQLField {
        switch scope {
        case "span.": .spanAttribute(key)
        case "resource.": .resourceAttribute(key)
        default: .anyAttribute(key)
        }
    }

    private mutating func parseValue(for field: TraceQLField, op: TraceQLOperator) throws(FilterSyntaxError)
        -> TraceQLValue
    {
        let token = current
        let value: TraceQLValue
        switch token.kind {
        case .string(let string): value = .string(string)
        case .integer(let integer): value = .integer(integer)
        case .decimal(let decimal): value = .decimal(decimal)
        case .duration(let nanos): value = .durationNanos(nanos)
        case .identifier(let word):
            guard let keyword = Self.keywords[word] else {
                throw error("expected a value, found '\(word)' (strings need double quotes)", at: token.position)
            }
            value = keyword
        default:
            throw error("expected a value, found \(describe(token))", at: token.position)
        }
        index += 1
        return try check(value, for: field, op: op, at: token.position)
    }

    private static let keywords: [String: TraceQLValue] = [
        "true": .bool(true), "false": .bool(false),
        "ok": .status(.ok), "error": .status(.error), "unset": .status(.unset),
        "server": .kind(.server), "client": .kind(.client), "producer": .kind(.producer),
        "consumer": .kind(.consumer), "internal": .kind(.internal), "unspecified": .kind(nil),
    ]

    /// Rejects comparisons that could never be true, so that typos surface as errors, not as empty results.
    private func check(_ value: TraceQLValue, for field: TraceQLField, op: TraceQLOperator, at position: Int)
        throws(FilterSyntaxError) -> TraceQLValue
    {
        let isEquality = op == .equal || op == .notEqual
        let isRegex = op == .matchesRegex || op == .notMatchesRegex
        switch (field, value) {
        case (_, .string(let pattern)) where isRegex:
            do {
                return .regex(try Regex(pattern))
            } catch {
                throw self.error("invalid regular expression: \(error)", at: position)
            }
        case (_, _) where isRegex:
            throw error("'\(op.rawValue)' needs a string pattern", at: position)
        case (.status, .status), (.kind, .kind):
            guard isEquality else { throw error("status and kind compare with '=' or '!=' only", at: position) }
            return value
        case (.status, _):
            throw error("status is compared with ok, error or unset", at: position)
        case (.kind, _):
            throw error("kind is compared with server, client, producer, consumer, internal or unspecified", at: position)
        case (.duration, .durationNanos), (.traceDuration, .durationNanos):
            return value
        case (.duration, _), (.traceDuration, _):
            throw error("durations are compared with a duration such as 100ms, 1.5s or 250us", at: position)
        case (.name, .string):
            return value
        case (.name, _):
            throw error("name is compared with a quoted string", at: position)
        case (_, .status), (_, .kind):
            throw error("attributes are compared with strings, numbers or true/false", at: position)
        case (_, .bool) where !isEquality:
            throw error("true and false compare with '=' or '!=' only", at: position)
        default:
            return value
        }
    }

    private mutating func expect(_ kind: TraceQLToken.Kind, _ text: String) throws(FilterSyntaxError) {
        guard current.kind == kind else {
            throw error("expected \(text), found \(describe(current))", at: current.position)
        }
        index += 1
    }

    private func describe(_ token: TraceQLToken) -> String {
        switch token.kind {
        case .openBrace: "'{'"
        case .closeBrace: "'}'"
        case .openParen: "'('"
        case .closeParen: "')'"
        case .and: "'&&'"
        case .or: "'||'"
        case .comparison(let op): "'\(op.rawValue)'"
        case .identifier(let name): "'\(name)'"
        case .quotedAttribute(let scope, let key): "'\(scope)\"\(key)\"'"
        case .string(let string): "string \"\(string)\""
        case .integer(let integer): "number \(integer)"
        case .decimal(let decimal): "number \(decimal)"
        case .duration: "a duration"
        case .end: "the end of the query"
        }
    }

    private func error(_ message: String, at position: Int) -> FilterSyntaxError {
        FilterSyntaxError(syntax: "TraceQL", message: message, position: position, input: input)
    }
}
