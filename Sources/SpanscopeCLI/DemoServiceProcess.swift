#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpanscopeDemo
import Synchronization

/// One service of `spanscope demo --processes`: this binary run as `demo-service`, a
/// child of the demo.
///
/// The child reads its standard input only to see it close: closing it (`stop()`) asks
/// the child to shut down gracefully, and the kernel closes it when this process dies
/// in any way, a crash or SIGKILL included, so no child outlives the demo. The child is
/// in a process group of its own, so that Ctrl-C in the terminal reaches the demo alone,
/// which then stops the services in order. Every line the child writes (standard output
/// and error) is printed prefixed with the service's name; the first one saying
/// `listening on <url>` gives its address.
///
/// ```swift
/// let auth = try DemoServiceProcess(.auth, executable: path, arguments: ["demo-service", "--service", "auth"])
/// let url = try await auth.listeningURL(timeout: .seconds(30))
/// auth.stop()
/// let status = await auth.exitStatus(timeout: .seconds(20))
/// ```
final class DemoServiceProcess: Sendable {
    struct NotStarted: Error, CustomStringConvertible {
        var description: String
    }

    let service: DemoService
    let processIdentifier: pid_t
    private let prefix: String
    private let state = Mutex<State>(State())

    private struct State {
        var standardInput: Int32 = -1
        var url: String?
        var status: Int32?
    }

    /// Starts `executable` with `arguments` (argument 0 excluded).
    init(_ service: DemoService, executable: String, arguments: [String]) throws {
        self.service = service
        let width = DemoService.allCases.map(\.rawValue.count).max() ?? 0
        prefix = service.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + " | "
        let input = try Self.makePipe()
        let output = try Self.makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, output.write, 2)
        // Nothing else of this process (its listening sockets, other children's pipes) goes along.
        _ = Self.addCloseFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        // The demo ignores these while it watches them; the child starts with the defaults.
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(input.read)
        close(output.write)
        guard result == 0 else {
            close(input.write)
            close(output.read)
            throw NotStarted(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
        state.withLock { $0.standardInput = input.write }
        relayLines(from: output.read)
        reapWhenEnded()
    }

    /// The address the child printed, once it listens. Throws `NotStarted` when it ends
    /// first or does not listen within `timeout`.
    func listeningURL(timeout: Duration) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (url, status) = state.withLock { ($0.url, $0.status) }
            if let url { return url }
            if let status { throw NotStarted(description: "\(service.rawValue) ended with status \(status) before it listened") }
            guard ContinuousClock.now < deadline else { throw NotStarted(description: "\(service.rawValue) did not listen within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Asks the child to shut down gracefully, by closing its standard input.
    func stop() {
        let descriptor = state.withLock { state in
            defer { state.standardInput = -1 }
            return state.standardInput
        }
        if descriptor >= 0 { close(descriptor) }
    }

    /// The exit status once the child has ended (128 plus the signal when a signal ended
    /// it, as a shell says); a child still running after `timeout` is killed first.
    func exitStatus(timeout: Duration? = nil) async -> Int32 {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            if let status = state.withLock({ $0.status }) { return status }
            if let deadline, ContinuousClock.now >= deadline { kill(processIdentifier, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Prints each line with the service's name in front; notes the address it listens on.
    private func relayLines(from descriptor: Int32) {
        // Blocking reads: a thread of its own, not the cooperative pool.
        Thread { [self] in
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 14)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                pending += buffer.prefix(count)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    relay(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { relay(String(decoding: pending, as: UTF8.self)) }
            close(descriptor)
        }.start()
    }

    private func relay(_ line: String) {
        if let match = line.firstMatch(of: /listening on (http:\/\/[A-Za-z0-9.:\[\]-]+)/) {
            state.withLock { $0.url = $0.url ?? String(match.1) }
        }
        Console.line(prefix + line)
    }

    private func reapWhenEnded() {
        Thread { [self] in
            var raw: Int32 = 0
            while waitpid(processIdentifier, &raw, 0) < 0, errno == EINTR {}
            let signal = raw & 0x7F
            let status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
            state.withLock { $0.status = status }
        }.start()
    }

    /// A pipe both of whose ends are closed in every child but the one they are handed to:
    /// a child holding another's standard input open would keep that one from seeing it close.
    /// (Not atomic as pipe2 would be, which Swift's Glibc module does not import; the demo
    /// starts its children one at a time, from one task.)
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw NotStarted(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), a GNU extension
    /// that Swift's Glibc module does not import.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
        }
}
