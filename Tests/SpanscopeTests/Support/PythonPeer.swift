import Foundation
import SpanscopeTestSupport
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
        let child = try ChildProcess(
            path: interpreter.path,
            arguments: [packageRoot.appendingPathComponent("Tests/python/\(script)").path] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        )
        let status = await child.exitStatus(timeout: timeout)
        return Result(status: status ?? -1, standardOutput: child.standardOutput, standardError: child.standardError)
    }
}
