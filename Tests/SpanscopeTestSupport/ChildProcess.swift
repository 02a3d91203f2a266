#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif
import Foundation
public import SpanscopeSpawn
import Synchronization

/// A process the tests start, its output collected while it runs.
///
/// Started by `SpawnedProcess`, not Foundation's `Process` (see there why); reads go
/// through `PipeChunks`, since `FileHandle` reads trap on EINTR.
///
/// ```swift
/// let child = try ChildProcess(path: "/usr/bin/env", arguments: ["true"])
/// let status = await child.exitStatus(timeout: .seconds(5)) // 0
/// ```
public final class ChildProcess: Sendable {
    public typealias StandardError = SpawnedProcess.StandardError

    public let processIdentifier: pid_t
    private let streams = Mutex<(output: [UInt8], error: [UInt8], openReaders: Int)>(([], [], 0))
    private let status = Mutex<Int32?>(nil)

    /// Starts `path` with `arguments`; `environment` nil passes this process's on.
    public init(
        path: String, arguments: [String], environment: [String: String]? = nil,
        standardError: StandardError = .piped
    ) throws {
        let child = try SpawnedProcess(path: path, arguments: arguments, environment: environment, standardError: standardError)
        processIdentifier = child.processIdentifier
        read(child.standardOutput, intoError: false)
        if let error = child.standardError { read(error, intoError: true) }
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
            status = SpawnedProcess.exitStatus(fromWaitStatus: raw)
            return status
        }
    }

    private func read(_ descriptor: Int32, intoError: Bool) {
        streams.withLock { $0.openReaders += 1 }
        Thread { [self] in
            for chunk in PipeChunks(descriptor) {
                streams.withLock { streams in
                    if intoError { streams.error += chunk } else { streams.output += chunk }
                }
            }
            close(descriptor)
            streams.withLock { $0.openReaders -= 1 }
        }.start()
    }
}
