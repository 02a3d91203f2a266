import Foundation
import Spanscope
import SpanscopeDemo

/// The demo's output while it runs: a progress line every `progressInterval`, and every
/// `waterfallInterval` a trace worth a look from those since the last one, the slowest
/// and a failed one in turn.
struct DemoReporter: Sendable {
    let store: TraceStore
    let traffic: TrafficGenerator
    let progressInterval: Duration
    let waterfallInterval: Duration?
    let startedAt = ContinuousClock.now

    /// Prints until the task is cancelled.
    func run() async {
        let clock = ContinuousClock()
        let digest = TraceDigest(store: store)
        var nextWaterfall = waterfallInterval.map { clock.now + $0 }
        var highlight = TraceDigest.Highlight.slowest
        var sinceNanos = Self.unixNanos()
        while true {
            do {
                try await Task.sleep(for: progressInterval)
            } catch {
                return
            }
            Console.line(progressLine())
            guard let due = nextWaterfall, clock.now >= due, let interval = waterfallInterval else { continue }
            nextWaterfall = due + interval
            let other: TraceDigest.Highlight = highlight == .slowest ? .failed : .slowest
            if let text = digest.highlight(highlight, since: sinceNanos) ?? digest.highlight(other, since: sinceNanos) {
                Console.line("\n" + text)
                sinceNanos = Self.unixNanos()
            }
            highlight = other
        }
    }

    func progressLine() -> String {
        let seconds = (ContinuousClock.now - startedAt).components.seconds
        let sent = traffic.statistics
        let stored = store.statistics()
        return "[\(seconds)s] \(sent.requests) requests, \(sent.failures) failed; "
            + "\(stored.retainedTraces) traces stored (\(stored.spansRecorded) spans recorded, "
            + "\(stored.bytesUsed / 1_024) KiB of \(stored.budgetBytes / 1_048_576) MiB)"
    }

    private static func unixNanos() -> UInt64 {
        UInt64(Date().timeIntervalSince1970 * 1_000_000_000)
    }
}
