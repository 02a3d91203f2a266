import Logging

/// Reads OpenTelemetry variables from a dictionary, never from the process itself, so that
/// tests need not mutate the environment. Bad values become warnings, never crashes.
struct EnvironmentReader {
    let environment: [String: String]
    let logger: Logger

    /// The value, or nil when unset or empty ("an empty value … the same way as when the
    /// variable is unset").
    func string(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    func count(_ name: String) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text.trimmingWhitespace), value >= 0 else {
            warn(name, text, "is not a non-negative integer; ignored")
            return nil
        }
        return value
    }

    func warn(_ name: String, _ value: String, _ problem: String) {
        logger.warning(
            "\(name)=\(value) \(problem)",
            metadata: ["variable": .string(name)]
        )
    }
}

extension StringProtocol {
    /// Without surrounding spaces and tabs.
    var trimmingWhitespace: SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = firstIndex { !isSpace($0) } ?? endIndex
        let end = lastIndex { !isSpace($0) }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
