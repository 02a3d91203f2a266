@testable import SpanscopeTracing
import Logging

/// A logger whose lines tests can read, without bootstrapping the process-wide logging system.
final class TracerTestLogs: Sendable {
    private let lines = Locked<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in Handler(logs: self) }
    }

    var warnings: [String] { lines.withLock { $0 } }

    private struct Handler: LogHandler {
        let logs: TracerTestLogs
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.level == .warning else { return }
            logs.lines.withLock { $0.append(event.message.description) }
        }
    }
}
