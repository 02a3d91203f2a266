@testable import SpanscopeTracing

/// The header names an extractor was asked for.
final class RequestedKeys: Sendable {
    private let keys = Locked<[String]>([])

    func append(_ key: String) { keys.withLock { $0.append(key) } }

    var all: [String] { keys.withLock { $0 } }
}
