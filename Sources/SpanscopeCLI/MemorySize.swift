import ArgumentParser

/// A size in bytes as a person types it: `256MB`, `1GiB`, `64m`, `1048576`.
/// Decimal and binary suffixes both mean powers of 1024, as memory is counted.
struct MemorySize: ExpressibleByArgument, Sendable {
    var bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let text = argument.lowercased()
        let digits = text.prefix { $0.isNumber }
        let multiplier: Int
        switch text.dropFirst(digits.count) {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1 << 10
        case "m", "mb", "mib": multiplier = 1 << 20
        case "g", "gb", "gib": multiplier = 1 << 30
        default: return nil
        }
        guard let count = Int(digits), count > 0 else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        self.bytes = bytes
    }

    var defaultValueDescription: String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20)MB" : "\(bytes)"
    }
}
