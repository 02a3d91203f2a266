import CLibevent
import Glibc
import Synchronization

/// One libevent `event_base` driven by its own thread.
///
/// Threading invariant: the base, and every libevent object created on it, is used only
/// on the loop thread. Other threads reach the loop through `execute`, which queues the
/// work and activates one persistent user event; a wake-up drains the whole queue.
final class EventLoop: @unchecked Sendable {
    let base: OpaquePointer
    let index: Int
    private var wakeEvent: OpaquePointer?
    private let queue = Mutex<[@Sendable () -> Void]>([])
    private let finished = Mutex<[CheckedContinuation<Void, Never>]?>([])

    init(index: Int) {
        LibeventThreading.enable()
        guard let base = event_base_new() else { fatalError("event_base_new failed") }
        self.base = base
        self.index = index
        wakeEvent = event_new(base, -1, Int16(EV_PERSIST), { _, _, arg in
            Unmanaged<EventLoop>.fromOpaque(arg!).takeUnretainedValue().drain()
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        if let wakeEvent { event_free(wakeEvent) }
        event_base_free(base)
    }

    /// Starts the loop thread. It runs until `stop()`.
    func start(name: String) {
        final class Start {
            let loop: EventLoop
            let name: String
            init(loop: EventLoop, name: String) {
                self.loop = loop
                self.name = name
            }
        }
        let start = Unmanaged.passRetained(Start(loop: self, name: name)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            start.loop.run(name: start.name)
            return nil
        }, start)
        precondition(result == 0, "cannot start event loop thread \(name): \(String(cString: strerror(result)))")
        pthread_detach(thread)
    }

    private func run(name: String) {
        spanscope_name_current_thread(name)
        event_base_loop(base, EVLOOP_NO_EXIT_ON_EMPTY)
        // Work queued after the loop stopped still runs, so no continuation is left hanging.
        drain()
        let waiters = finished.withLock { waiters -> [CheckedContinuation<Void, Never>] in
            let pending = waiters ?? []
            waiters = nil
            return pending
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs `work` on the loop thread, soon; safe from any thread.
    func execute(_ work: @escaping @Sendable () -> Void) {
        queue.withLock { $0.append(work) }
        event_active(wakeEvent, 0, 0)
    }

    /// Asks the loop to stop after the current callbacks; safe from any thread.
    func stop() {
        execute { [self] in event_base_loopbreak(self.base) }
    }

    /// Returns once the loop thread has left its loop.
    func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let alreadyDone = finished.withLock { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters!.append(continuation)
                return false
            }
            if alreadyDone { continuation.resume() }
        }
    }

    private func drain() {
        let work = queue.withLock { queue -> [@Sendable () -> Void] in
            let work = queue
            queue.removeAll(keepingCapacity: true)
            return work
        }
        for item in work { item() }
    }
}

/// libevent must be told to use pthreads locks before the first base exists, or
/// wake-ups from other threads race.
enum LibeventThreading {
    private static let enabled: Void = {
        evthread_use_pthreads()
        signal(SIGPIPE, SIG_IGN)
    }()

    static func enable() { _ = enabled }
}
