import Tracing

/// Spansets combined: each `{ … }` holds on some span of the trace.
indirect enum TraceQLSpansetExpression: Sendable {
    case spanset(TraceQLCondition?)
    case and(TraceQLSpansetExpression, TraceQLSpansetExpression)
    case or(TraceQLSpansetExpression, TraceQLSpansetExpression)

    func matches(_ trace: Trace, summary: TraceSummary) -> Bool {
        switch self {
        case .spanset(let condition):
            guard let condition else { return !trace.spans.isEmpty }
            return trace.spans.contains { condition.matches($0, summary: summary) }
        case .and(let left, let right):
            return left.matches(trace, summary: summary) && right.matches(trace, summary: summary)
        case .or(let left, let right):
            return left.matches(trace, summary: summary) || right.matches(trace, summary: summary)
        }
    }
}

/// A condition on one span, inside braces.
indirect enum TraceQLCondition: Sendable {
    case comparison(TraceQLComparison)
    case and(TraceQLCondition, TraceQLCondition)
    case or(TraceQLCondition, TraceQLCondition)

    func matches(_ span: SpanRecord, summary: TraceSummary) -> Bool {
        switch self {
        case .comparison(let comparison): comparison.matches(span, summary: summary)
        case .and(let left, let right): left.matches(span, summary: summary) && right.matches(span, summary: summary)
        case .or(let left, let right): left.matches(span, summary: summary) || right.matches(span, summary: summary)
        }
    }
}

enum TraceQLField: Sendable {
    case name, status, kind, duration, traceDuration
    case spanAttribute(String)
    case resourceAttribute(String)
    /// `.key`: the span's attribute, else the resource's.
    case anyAttribute(String)
}

enum TraceQLValue: @unchecked Sendable {
    case string(String)
    case integer(Int64)
    case decimal(Double)
    case durationNanos(UInt64)
    case bool(Bool)
    case status(TraceStatus)
    /// Nil for `unspecified`, which no recorded span has.
    case kind(SpanKind?)
    /// Compiled once when parsed. `Regex<AnyRegexOutput>` is not declared Sendable only because of its
    /// output type; the regex itself is immutable and initializes its compiled program atomically.
    case regex(Regex<AnyRegexOutput>)
}

struct TraceQLComparison: Sendable {
    var field: TraceQLField
    var op: TraceQLOperator
    var value: TraceQLValue

    func matches(_ span: SpanRecord, summary: TraceSummary) -> Bool {
        switch field {
        case .name:
            return matchString(span.name)
        case .status:
            let status: TraceStatus =
                switch span.status?.code {
                case .error: .error
                case .ok: .ok
                case nil: .unset
                }
            guard case .status(let expected) = value else { return false }
            return (status == expected) == (op == .equal)
        case .kind:
            guard case .kind(let expected) = value else { return false }
            return (expected == span.kind) == (op == .equal)
        case .duration:
            return matchDuration(span.durationNanos)
        case .traceDuration:
            return matchDuration(summary.durationNanos)
        case .spanAttribute(let key):
            return span.attributes[key: key].map(matchAttribute) ?? false
        case .resourceAttribute(let key):
            return span.resource.attributes[key: key].map(matchAttribute) ?? false
        case .anyAttribute(let key):
            return (span.attributes[key: key] ?? span.resource.attributes[key: key]).map(matchAttribute) ?? false
        }
    }

    private func matchDuration(_ nanos: UInt64) -> Bool {
        guard case .durationNanos(let expected) = value else { return false }
        return compare(nanos, expected)
    }

    private func matchString(_ string: String) -> Bool {
        switch value {
        case .string(let expected): compare(string, expected)
        case .regex(let regex): (string.wholeMatch(of: regex) != nil) == (op == .matchesRegex)
        default: false
        }
    }

    private func matchNumber(_ number: Double) -> Bool {
        switch value {
        case .integer(let expected): compare(number, Double(expected))
        case .decimal(let expected): compare(number, expected)
        default: false
        }
    }

    private func matchAttribute(_ attribute: AttributeValue) -> Bool {
        switch attribute {
        case .string(let string): matchString(string)
        case .int(let integer):
            if case .integer(let expected) = value { compare(integer, expected) } else { matchNumber(Double(integer)) }
        case .double(let double): matchNumber(double)
        case .bool(let bool):
            if case .bool(let expected) = value, op == .equal || op == .notEqual {
                (bool == expected) == (op == .equal)
            } else {
                false
            }
        case .stringArray(let values): values.contains { matchAttribute(.string($0)) }
        case .intArray(let values): values.contains { matchAttribute(.int($0)) }
        case .doubleArray(let values): values.contains { matchAttribute(.double($0)) }
        case .boolArray(let values): values.contains { matchAttribute(.bool($0)) }
        }
    }

    private func compare<T: Comparable>(_ actual: T, _ expected: T) -> Bool {
        switch op {
        case .equal: actual == expected
        case .notEqual: actual != expected
        case .greater: actual > expected
        case .greaterOrEqual: actual >= expected
        case .less: actual < expected
        case .lessOrEqual: actual <= expected
        case .matchesRegex, .notMatchesRegex: false
        }
    }
}
