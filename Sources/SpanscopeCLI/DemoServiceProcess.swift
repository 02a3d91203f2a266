#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpanscopeDemo
import SpanscopeSpawn
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
        let child = try SpawnedProcess(
            path: executable, arguments: arguments,
            pipesStandardInput: true, standardError: .mergedIntoOutput, inOwnProcessGroup: true
        )
        processIdentifier = child.processIdentifier
        state.withLock { $0.standardInput = child.standardInput ?? -1 }
        relayLines(from: child.standardOutput)
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
            for chunk in PipeChunks(descriptor) {
                pending += chunk
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
            state.withLock { $0.status = SpawnedProcess.exitStatus(fromWaitStatus: raw) }
        }.start()
    }
}
