import Foundation
import Spanscope
import SpanscopeDemo

/// The demo's output while it runs: a progress line every `progressInterval`, and every
/// `waterfallInterval` a trace worth a look from those since the last one, the slowest
/// and a failed one in turn.
///
/// A trace is drawn once it is `settleTime` old, so that the spans that end after the
/// gateway has answered (the e-mail sent through the queue, a payment that stalled past
/// its caller's timeout) are in it.
struct DemoReporter: Sendable {
    let store: TraceStore
    /// The services' requests under way; nil when they are in other processes.
    let inFlight: InFlightRequests?
    let traffic: TrafficGenerator
    let progressInterval: Duration
    let waterfallInterval: Duration?
    let startedAt = ContinuousClock.now
    let settleTime: Duration = .seconds(2)

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
            let untilNanos = Self.unixNanos() - UInt64(settleTime.components.seconds) * 1_000_000_000
            if let text = digest.highlight(highlight, since: sinceNanos, until: untilNanos)
                ?? digest.highlight(other, since: sinceNanos, until: untilNanos)
            {
                Console.line("\n" + text)
                sinceNanos = untilNanos + 1
            }
            highlight = other
        }
    }

    func progressLine() -> String {
        let seconds = (ContinuousClock.now - startedAt).components.seconds
        let sent = traffic.statistics
        let stored = store.statistics()
        let skipped = sent.skipped > 0 ? ", \(sent.skipped) skipped (too many in flight)" : ""
        let underWay = inFlight.map { ", \($0.snapshot().count) in flight" } ?? ""
        return "[\(seconds)s] \(sent.requests) requests, \(sent.failures) failed\(underWay)\(skipped); "
            + "\(stored.retainedTraces) traces stored (\(stored.spansRecorded) spans recorded, "
            + "\(stored.bytesUsed / 1_024) KiB of \(stored.budgetBytes / 1_048_576) MiB)"
    }

    private static func unixNanos() -> UInt64 {
        UInt64(Date().timeIntervalSince1970 * 1_000_000_000)
    }
}
