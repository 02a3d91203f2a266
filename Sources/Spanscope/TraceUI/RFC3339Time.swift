/// Times written as RFC 3339 `date-time`: `2024-05-01T12:00:00Z`,
/// `2024-05-01t12:00:00.250+02:00`. Seconds may have any number of fraction digits
/// (nanoseconds are kept); a leap second (`:60`) and times before 1970 are refused.
enum RFC3339Time {
    /// Nanoseconds since the Unix epoch, or an error whose position is the offending character.
    static func parse(_ text: String) throws(FilterSyntaxError) -> UInt64 {
        var reader = Reader(characters: Array(text), text: text)
        let year = try reader.number(digits: 4, "year")
        try reader.expect("-")
        let month = try reader.number(digits: 2, "month", in: 1...12)
        try reader.expect("-")
        let day = try reader.number(digits: 2, "day", in: 1...daysIn(month: month, year: year))
        try reader.expect(oneOf: "Tt", "'T' between date and time")
        let hour = try reader.number(digits: 2, "hour", in: 0...23)
        try reader.expect(":")
        let minute = try reader.number(digits: 2, "minute", in: 0...59)
        try reader.expect(":")
        let second = try reader.number(digits: 2, "second", in: 0...59)
        var nanos: UInt64 = 0
        if reader.peek == "." {
            reader.index += 1
            var scale: UInt64 = 100_000_000
            let start = reader.index
            while let digit = reader.peek?.wholeNumberValue, reader.peek?.isASCII == true {
                nanos += UInt64(digit) * scale
                scale /= 10
                reader.index += 1
            }
            guard reader.index > start else { throw reader.error("expected fraction digits after '.'") }
        }
        var offsetSeconds = 0
        if reader.peek == "Z" || reader.peek == "z" {
            reader.index += 1
        } else {
            guard let sign = reader.peek, sign == "+" || sign == "-" else {
                throw reader.error("expected a time zone: Z or an offset like +02:00")
            }
            reader.index += 1
            let offsetHours = try reader.number(digits: 2, "offset hour", in: 0...23)
            try reader.expect(":")
            let offsetMinutes = try reader.number(digits: 2, "offset minute", in: 0...59)
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == "-" ? -1 : 1)
        }
        guard reader.index == reader.characters.count else { throw reader.error("unexpected text after the time") }
        let seconds = daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        guard seconds >= 0 else { throw FilterSyntaxError(syntax: "RFC 3339 time", message: "times before 1970 are not supported", position: 0, input: text) }
        return UInt64(seconds) * 1_000_000_000 + nanos
    }

    private struct Reader {
        let characters: [Character]
        let text: String
        var index = 0

        var peek: Character? { index < characters.count ? characters[index] : nil }

        func error(_ message: String) -> FilterSyntaxError {
            FilterSyntaxError(syntax: "RFC 3339 time", message: message, position: index, input: text)
        }

        /// A field of exactly `digits` ASCII digits, within `range` when given.
        mutating func number(digits: Int, _ field: String, in range: ClosedRange<Int>? = nil) throws(FilterSyntaxError) -> Int {
            let start = index
            var value = 0
            for _ in 0..<digits {
                guard let digit = peek?.wholeNumberValue, peek?.isASCII == true else {
                    throw error("expected the \(field) as \(digits) digits")
                }
                value = value * 10 + digit
                index += 1
            }
            if let range, !range.contains(value) {
                index = start
                throw error("\(field) \(value) is out of range \(range.lowerBound)-\(range.upperBound)")
            }
            return value
        }

        mutating func expect(_ character: Character) throws(FilterSyntaxError) {
            try expect(oneOf: String(character), "'\(character)'")
        }

        mutating func expect(oneOf characters: String, _ what: String) throws(FilterSyntaxError) {
            guard let next = peek, characters.contains(next) else { throw error("expected \(what)") }
            index += 1
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
