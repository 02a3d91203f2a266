import Foundation
import Synchronization

/// `spanscope` run as a process, as a user runs it: the binary `swift build` put beside
/// the test bundle, its standard output and error collected while it runs.
final class DemoProcess: Sendable {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no spanscope binary at \(path): `swift build` builds it (swift test does)" }
    }

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("spanscope")
    }

    private let process: Process
    private let collected = Mutex<Data>(Data())

    /// Starts `spanscope` with `arguments`.
    init(_ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else { throw Missing(path: Self.binary.path) }
        process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.collected.withLock { $0.append(data) }
        }
        try process.run()
    }

    var output: String {
        collected.withLock { String(decoding: $0, as: UTF8.self) }
    }

    var processIdentifier: Int32 { process.processIdentifier }

    /// Waits until the output contains `text`, at most `timeout`; false if it never did.
    func waitForOutput(containing text: String, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !output.contains(text) {
            guard process.isRunning, ContinuousClock.now < deadline else { return output.contains(text) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Waits for the process to exit, at most `timeout`; a process still running then is
    /// killed and reported as nil.
    func exitStatus(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        // The last bytes may still be in the pipe when the process ends.
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }
}
