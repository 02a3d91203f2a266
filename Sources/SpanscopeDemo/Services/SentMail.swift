import Synchronization

/// The e-mails the notifications service sent, the latest thousand. Safe from any thread.
final class SentMail: Sendable {
    private static let capacity = 1_000
    private let notifications = Mutex<[SentNotification]>([])

    func append(_ notification: SentNotification) {
        notifications.withLock { notifications in
            notifications.append(notification)
            if notifications.count > Self.capacity { notifications.removeFirst(notifications.count - Self.capacity) }
        }
    }

    /// The latest `limit` sent to a customer, oldest first.
    func latest(to userID: Int, limit: Int) -> [SentNotification] {
        notifications.withLock { Array($0.filter { $0.userId == userID }.suffix(limit)) }
    }
}
