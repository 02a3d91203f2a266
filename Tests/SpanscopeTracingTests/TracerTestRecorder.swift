import Synchronization
@testable import SpanscopeTracing

/// Keeps every span it is given, for tests to inspect.
final class TracerTestRecorder: SpanRecorder {
    private let spans = Locked<[SpanRecord]>([])

    func record(_ span: SpanRecord) {
        spans.withLock { $0.append(span) }
    }

    var records: [SpanRecord] { spans.withLock { $0 } }

    func only(named name: String) -> SpanRecord? {
        let matching = records.filter { $0.name == name }
        return matching.count == 1 ? matching[0] : nil
    }
}

/// Counts spans without keeping them, for load tests.
final class TracerCountingRecorder: SpanRecorder {
    private let count = Atomic<Int>(0)

    func record(_ span: SpanRecord) {
        count.add(1, ordering: .relaxed)
    }

    var recorded: Int { count.load(ordering: .relaxed) }
}
