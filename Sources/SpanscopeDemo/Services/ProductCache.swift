import Synchronization

/// The products service's in-memory cache of catalog rows, each kept for `timeToLive`.
/// Safe from any thread.
final class ProductCache: Sendable {
    let timeToLive: Duration
    private let entries = Mutex<[Int: (product: Product, expires: ContinuousClock.Instant)]>([:])

    init(timeToLive: Duration) {
        self.timeToLive = timeToLive
    }

    /// The cached product, if it is there and fresh.
    func product(id: Int) -> Product? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard entry.expires > now else {
                entries[id] = nil
                return nil
            }
            return entry.product
        }
    }

    func store(_ product: Product) {
        let expires = ContinuousClock.now + timeToLive
        entries.withLock { $0[product.id] = (product, expires) }
    }
}
