/// Durations written as Go's `time.ParseDuration` reads them: a sign, then one or more
/// decimal numbers each with a unit, `250ms`, `1.5s`, `100us`, `1h30m`, `-2m`, or `0`.
/// Units: `ns`, `us` (or `µs`, `μs`), `ms`, `s`, `m`, `h`.
enum GoDuration {
    /// Nanoseconds, or an error whose position is the offending character.
    static func parse(_ text: String) throws(FilterSyntaxError) -> Int64 {
        let characters = Array(text)
        func error(_ message: String, at position: Int) -> FilterSyntaxError {
            FilterSyntaxError(syntax: "duration", message: message, position: position, input: text)
        }
        var index = 0
        var negative = false
        if let sign = characters.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            index = 1
        }
        if characters[index...] == ["0"] { return 0 }
        guard index < characters.count else { throw error("expected a number and a unit, e.g. 250ms or 1.5s", at: index) }
        var total: UInt64 = 0
        while index < characters.count {
            let numberStart = index
            var whole: UInt64 = 0
            var wholeDigits = 0
            while index < characters.count, let digit = characters[index].wholeNumberValue, characters[index].isASCII {
                let (shifted, overflow) = whole.multipliedReportingOverflow(by: 10)
                let (sum, carry) = shifted.addingReportingOverflow(UInt64(digit))
                guard !overflow, !carry else { throw error("duration too large", at: numberStart) }
                whole = sum
                wholeDigits += 1
                index += 1
            }
            // Up to 18 fraction digits fit a UInt64; further ones cannot change a nanosecond count.
            var fraction: UInt64 = 0
            var scale: UInt64 = 1
            var fractionDigits = 0
            if index < characters.count, characters[index] == "." {
                index += 1
                while index < characters.count, let digit = characters[index].wholeNumberValue, characters[index].isASCII {
                    if scale < 1_000_000_000_000_000_000 {
                        fraction = fraction * 10 + UInt64(digit)
                        scale *= 10
                    }
                    fractionDigits += 1
                    index += 1
                }
            }
            guard wholeDigits + fractionDigits > 0 else {
                throw error("expected a number, e.g. 250ms or 1.5s", at: numberStart)
            }
            let unitStart = index
            while index < characters.count, characters[index] != ".", !(characters[index].isASCII && characters[index].isNumber) {
                index += 1
            }
            let unit = String(characters[unitStart..<index])
            guard !unit.isEmpty else { throw error("missing unit after the number; use ns, us, ms, s, m or h", at: unitStart) }
            guard let nanosPerUnit = units[unit] else {
                throw error("unknown unit '\(unit)'; use ns, us, ms, s, m or h", at: unitStart)
            }
            let (wholeNanos, overflow) = whole.multipliedReportingOverflow(by: nanosPerUnit)
            let fractionNanos = nanosPerUnit.multipliedFullWidth(by: fraction)
            let (sum, carry) = total.addingReportingOverflow(wholeNanos)
            let (next, carry2) = sum.addingReportingOverflow(scale.dividingFullWidth(fractionNanos).quotient)
            guard !overflow, !carry, !carry2, next <= UInt64(Int64.max) else {
                throw error("duration too large", at: numberStart)
            }
            total = next
        }
        return negative ? -Int64(total) : Int64(total)
    }

    private static let units: [String: UInt64] = [
        "ns": 1,
        "us": 1_000,
        "\u{00B5}s": 1_000,
        "\u{03BC}s": 1_000,
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
    ]
}
