import ArgumentParser
import Logging
import Spanscope

/// `--log-level` of the demo's commands, and the logging it sets up: lines on standard
/// output, with `trace_id` and `span_id` of the span they were written in.
struct DemoLogging: ParsableArguments {
    @Option(help: "Log level of the services' own lines, which carry trace_id (trace, debug, info, notice, warning, error).")
    var logLevel: String = "notice"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func bootstrap() {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystem.bootstrap(
            { label, metadataProvider in
                var handler = StreamLogHandler.standardOutput(label: label, metadataProvider: metadataProvider)
                handler.logLevel = level
                return handler
            },
            metadataProvider: .spanscope
        )
    }
}
