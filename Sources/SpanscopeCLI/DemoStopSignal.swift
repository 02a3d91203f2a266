import Foundation

/// What stops the demo: Ctrl-C (SIGINT), SIGTERM, or the end of its `--duration`; a
/// service process of `demo --processes` also stops when its standard input closes (its
/// parent closed it, or died), and the parent when a service process ends on its own.
///
/// Watching starts at `init`, before anything is printed, so that a signal sent as soon
/// as the instructions appear is already caught.
final class DemoStopSignal {
    enum Reason: String, Sendable {
        case interrupt = "SIGINT"
        case terminate = "SIGTERM"
        case durationElapsed = "duration elapsed"
        case standardInputClosed = "standard input closed"
        case serviceExited = "a service exited"
    }

    private let reasons: AsyncStream<Reason>
    private let received: AsyncStream<Reason>.Continuation
    private let sources: [(number: Int32, source: any DispatchSourceSignal)]
    private let timer: Task<Void, any Error>?

    init(duration: Duration?, watchesStandardInput: Bool = false) {
        let (reasons, received) = AsyncStream.makeStream(of: Reason.self)
        self.reasons = reasons
        self.received = received
        sources = [(SIGINT, Reason.interrupt), (SIGTERM, .terminate)].map { number, reason in
            // The default action would end the process before the source sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received.yield(reason) }
            source.resume()
            return (number, source)
        }
        timer = duration.map { duration in
            Task {
                try await Task.sleep(for: duration)
                received.yield(.durationElapsed)
            }
        }
        if watchesStandardInput {
            // Blocking reads: a thread of its own, not the cooperative pool.
            Thread {
                var byte: UInt8 = 0
                while case let count = read(0, &byte, 1), count > 0 || (count < 0 && errno == EINTR) {}
                received.yield(.standardInputClosed)
            }.start()
        }
    }

    /// Stops the demo for the reason it is called with, as a signal would; callable from any task.
    var stop: @Sendable (Reason) -> Void {
        { [received] reason in received.yield(reason) }
    }

    /// Waits for the first reason to stop. Afterwards the signals act as by default
    /// again, so that a second Ctrl-C during a slow shutdown still ends the process.
    func wait() async -> Reason {
        var iterator = reasons.makeAsyncIterator()
        let reason = await iterator.next() ?? .durationElapsed
        timer?.cancel()
        for (number, source) in sources {
            source.cancel()
            signal(number, SIG_DFL)
        }
        return reason
    }
}
