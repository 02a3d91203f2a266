#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif
import Foundation
import Synchronization

/// A process the tests start with posix_spawn, its output collected while it runs.
///
/// Not Foundation's `Process`: on Linux with Swift 6.3.1, `Process.run()` now and then
/// over-reads a `/proc/self/fd` entry while it closes descriptors and kills the whole test
/// run with SIGSEGV (swift-corelibs-foundation pull request 5472), the more often the more
/// processes a suite starts; and `FileHandle` reads trap on EINTR. Here reads go through
/// `PipeReading`, and the pipes are close-on-exec, made and handed over under one lock, so
/// that no other child started here inherits one and holds it open (its reader would wait
/// for that child to end too).
///
/// ```swift
/// let child = try ChildProcess(path: "/usr/bin/env", arguments: ["true"])
/// let status = await child.exitStatus(timeout: .seconds(5)) // 0
/// ```
public final class ChildProcess: Sendable {
    /// Where the child's standard error goes.
    public enum StandardError {
        case captured
        case mergedIntoOutput
        case discarded
    }

    public struct SpawnFailed: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String { "cannot start \(path): \(String(cString: strerror(code)))" }
    }

    public let processIdentifier: pid_t
    /// Held from making the pipes until the parent has closed its write ends.
    private static let spawning = Mutex(())
    private let streams = Mutex<(output: [UInt8], error: [UInt8], openReaders: Int)>(([], [], 0))
    private let status = Mutex<Int32?>(nil)

    /// Starts `path` with `arguments`; `environment` nil passes this process's on.
    public init(
        path: String, arguments: [String], environment: [String: String]? = nil,
        standardError: StandardError = .captured
    ) throws {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp ?? [] { free(pointer) }
        }
        let (pid, output, error) = try Self.spawning.withLock { _ in
            let output = try Self.makePipe(path)
            let error = standardError == .captured ? try Self.makePipe(path) : nil
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, output.write, 1)
            switch standardError {
            case .captured: posix_spawn_file_actions_adddup2(&actions, error!.write, 2)
            case .mergedIntoOutput: posix_spawn_file_actions_adddup2(&actions, output.write, 2)
            case .discarded: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            }
            // Sockets and pipes of other tests stay out of the child, as Process keeps them out.
            _ = Self.addCloseFrom?(&actions, 3)
            var pid = pid_t()
            let result = envp.map { posix_spawn(&pid, path, &actions, nil, argv, $0) }
                ?? posix_spawn(&pid, path, &actions, nil, argv, environ)
            close(output.write)
            if let error { close(error.write) }
            guard result == 0 else {
                close(output.read)
                if let error { close(error.read) }
                throw SpawnFailed(path: path, code: result)
            }
            return (pid, output.read, error?.read)
        }
        processIdentifier = pid
        read(output, intoError: false)
        if let error { read(error, intoError: true) }
    }

    /// What the child wrote to standard output (and standard error when merged) so far.
    public var standardOutput: String {
        streams.withLock { String(decoding: $0.output, as: UTF8.self) }
    }

    /// The bytes the child wrote to standard output so far, for output that is not text.
    public var standardOutputBytes: [UInt8] {
        streams.withLock { $0.output }
    }

    public var standardError: String {
        streams.withLock { String(decoding: $0.error, as: UTF8.self) }
    }

    public var isRunning: Bool { reap() == nil }

    public func signal(_ number: Int32) {
        kill(processIdentifier, number)
    }

    /// The exit status once the child has ended and its output has been read to the end;
    /// after `timeout` the child is killed and the answer is nil. A child ended by a signal
    /// reports 128 plus the signal, as a shell does.
    public func exitStatus(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while reap() == nil {
            guard ContinuousClock.now < deadline else {
                kill(processIdentifier, SIGKILL)
                while reap() == nil { try? await Task.sleep(for: .milliseconds(5)) }
                await outputEnded(before: .now + .seconds(5))
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        await outputEnded(before: deadline + .seconds(5))
        return reap()
    }

    /// Waits until every pipe is read to its end (a grandchild may hold one open a while).
    private func outputEnded(before deadline: ContinuousClock.Instant) async {
        while streams.withLock({ $0.openReaders }) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The exit status if the child has ended, collected once.
    private func reap() -> Int32? {
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            guard waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier else { return nil }
            let signal = raw & 0x7F
            status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
            return status
        }
    }

    private func read(_ descriptor: Int32, intoError: Bool) {
        streams.withLock { $0.openReaders += 1 }
        Thread { [self] in
            while case let chunk = PipeReading.chunk(descriptor), !chunk.isEmpty {
                streams.withLock { streams in
                    if intoError { streams.error += chunk } else { streams.output += chunk }
                }
            }
            close(descriptor)
            streams.withLock { $0.openReaders -= 1 }
        }.start()
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), a GNU extension
    /// that Swift's Glibc module does not import.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self) }

    /// A pipe whose ends are closed in every child but the one they are handed to.
    private static func makePipe(_ path: String) throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw SpawnFailed(path: path, code: errno) }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }
}
