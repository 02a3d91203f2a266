import Foundation

/// Why the demo stops: Ctrl-C or SIGTERM, or its `--duration` ran out.
enum DemoStopSignal: String {
    case interrupt = "SIGINT"
    case terminate = "SIGTERM"
    case durationElapsed = "duration elapsed"

    /// Waits for SIGINT, SIGTERM or the end of `duration`, whichever comes first.
    /// Afterwards the signals kill the process again, so that a second Ctrl-C during a
    /// slow shutdown still stops it.
    static func wait(duration: Duration?) async -> DemoStopSignal {
        let (signals, received) = AsyncStream.makeStream(of: DemoStopSignal.self)
        let sources = [(SIGINT, DemoStopSignal.interrupt), (SIGTERM, .terminate)].map { number, reason in
            // The default action would end the process before the source sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received.yield(reason) }
            source.resume()
            return (number, source)
        }
        let timer = duration.map { duration in
            Task {
                try await Task.sleep(for: duration)
                received.yield(.durationElapsed)
            }
        }
        var iterator = signals.makeAsyncIterator()
        let reason = await iterator.next() ?? .durationElapsed
        timer?.cancel()
        for (number, source) in sources {
            source.cancel()
            signal(number, SIG_DFL)
        }
        return reason
    }
}
