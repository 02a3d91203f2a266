import Synchronization

/// The recording spans that have not ended, by span-id, for `activeSpan(identifiedBy:)`.
/// Sharded by the (random) span-id so that threads starting and ending spans at once
/// rarely meet on the same lock.
final class ActiveSpanRegistry: Sendable {
    private final class Shard: Sendable {
        let spans = Mutex<[UInt64: SpanscopeSpan]>([:])
    }

    private static let shardCount = 16
    private let shards = (0..<ActiveSpanRegistry.shardCount).map { _ in Shard() }

    func insert(_ span: SpanscopeSpan, id: UInt64) {
        shard(id).spans.withLock { $0[id] = span }
    }

    func remove(id: UInt64) {
        _ = shard(id).spans.withLock { $0.removeValue(forKey: id) }
    }

    func span(id: UInt64) -> SpanscopeSpan? {
        shard(id).spans.withLock { $0[id] }
    }

    private func shard(_ id: UInt64) -> Shard {
        shards[Int(truncatingIfNeeded: id) & (Self.shardCount - 1)]
    }
}
