import Foundation
import Logging

/// Reads the exporter's and the batch processor's `OTEL_*` variables from a dictionary (never
/// the process itself, so tests need not change it). An empty variable counts as unset, as
/// the specification says; a value that cannot be used is a warning, and the default applies.
struct ExportEnvironment {
    let environment: [String: String]
    let logger: Logger

    /// The value without surrounding whitespace; nil when unset or empty.
    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// An OTLP exporter option: `OTEL_EXPORTER_OTLP_TRACES_<option>` when set, else
    /// `OTEL_EXPORTER_OTLP_<option>`, with the name it was read from.
    func otlpOption(_ option: String) -> (name: String, value: String)? {
        for name in ["OTEL_EXPORTER_OTLP_TRACES_\(option)", "OTEL_EXPORTER_OTLP_\(option)"] {
            if let value = string(name) { return (name, value) }
        }
        return nil
    }

    /// A non-negative integer of milliseconds.
    func milliseconds(_ name: String, _ value: String) -> Duration? {
        guard let milliseconds = Int64(value), milliseconds >= 0 else {
            warn(name, value, "is not a non-negative number of milliseconds; the default applies")
            return nil
        }
        return .milliseconds(milliseconds)
    }

    /// A positive integer.
    func count(_ name: String) -> Int? {
        guard let value = string(name) else { return nil }
        guard let count = Int(value), count > 0 else {
            warn(name, value, "is not a positive integer; the default applies")
            return nil
        }
        return count
    }

    func warn(_ name: String, _ value: String, _ problem: String) {
        logger.warning("\(name)=\(value) \(problem)", metadata: ["variable": .string(name)])
    }
}
