import Foundation
import Testing

/// Runs a script of `Tests/python/` with the interpreter of the `.venv/` that
/// `scripts/python-venv.sh` makes (the test command runs it first).
///
/// ```swift
/// let result = try await PythonPeer.run("requests_client.py", arguments: [url])
/// #expect(result.status == 0, "\(result.standardError)")
/// ```
enum PythonPeer {
    struct Result: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "no .venv/bin/python: run `bash scripts/python-venv.sh` (the test command does)" }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var interpreter: URL { packageRoot.appendingPathComponent(".venv/bin/python") }

    /// Runs `Tests/python/<script>` and waits for it, at most `timeout`; a script still
    /// running then is killed and reported as status -1.
    static func run(
        _ script: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(60)
    ) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: interpreter.path) else { throw Missing() }
        let process = Process()
        process.executableURL = interpreter
        process.arguments = [packageRoot.appendingPathComponent("Tests/python/\(script)").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes while the script runs, so a full pipe never blocks it.
        async let standardOutput = readToEnd(output.fileHandleForReading)
        async let standardError = readToEnd(error.fileHandleForReading)
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                timedOut = true
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return Result(
            status: timedOut ? -1 : process.terminationStatus,
            standardOutput: String(decoding: await standardOutput, as: UTF8.self),
            standardError: String(decoding: await standardError, as: UTF8.self)
        )
    }

    /// Reads on a thread of its own: a blocking read in a task, or on a global Dispatch
    /// queue (on Linux the same few threads, one per core, with no growth when they block),
    /// holds a thread the tasks need; with several scripts running, no async handler of a
    /// server they talk to could answer them.
    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }
}
