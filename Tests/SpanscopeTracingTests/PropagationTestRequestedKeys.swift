import Synchronization

/// The header names an extractor was asked for.
final class RequestedKeys: Sendable {
    private let keys = Mutex<[String]>([])

    func append(_ key: String) { keys.withLock { $0.append(key) } }

    var all: [String] { keys.withLock { $0 } }
}
