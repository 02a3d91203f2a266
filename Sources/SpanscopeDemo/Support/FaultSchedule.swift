import Synchronization

/// Says when a simulated fault strikes: on every `period`th call.
///
/// A demo has to show each failure within its first minute, and a test has to see it
/// within a few seconds, so faults come on a schedule rather than by chance. Safe from
/// any thread.
///
/// ```swift
/// let stalls = FaultSchedule(every: 5)
/// if stalls.isDue() { try await Task.sleep(for: .seconds(1)) }
/// ```
final class FaultSchedule: Sendable {
    let period: Int
    private let calls = Atomic<Int>(0)

    init(every period: Int) {
        self.period = max(1, period)
    }

    /// Counts a call; true for the `period`th, the `2 * period`th, and so on.
    func isDue() -> Bool {
        calls.add(1, ordering: .relaxed).newValue % period == 0
    }
}
