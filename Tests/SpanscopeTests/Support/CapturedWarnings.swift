import Logging
import Synchronization

/// A logger whose warnings a test can read, without bootstrapping the process-wide logging system.
final class CapturedWarnings: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in Handler(warnings: self) }
    }

    var messages: [String] { lines.withLock { $0 } }

    private struct Handler: LogHandler {
        let warnings: CapturedWarnings
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.level == .warning else { return }
            warnings.lines.withLock { $0.append(event.message.description) }
        }
    }
}
