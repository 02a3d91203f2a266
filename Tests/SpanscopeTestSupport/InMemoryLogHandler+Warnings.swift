public import InMemoryLogging
public import Logging

/// swift-log's in-memory handler, read as these tests need it: a logger that logs into it,
/// without bootstrapping the process-wide logging system, and the warnings it kept.
extension InMemoryLogHandler {
    public var logger: Logger {
        Logger(label: "test") { _ in self }
    }

    public var warnings: [String] {
        entries.filter { $0.level == .warning }.map(\.message.description)
    }
}
