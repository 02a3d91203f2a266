import Foundation
import SpanscopeTestSupport

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

    private let child: ChildProcess

    /// Starts `spanscope` with `arguments`.
    init(_ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else { throw Missing(path: Self.binary.path) }
        child = try ChildProcess(path: Self.binary.path, arguments: arguments, standardError: .mergedIntoOutput)
    }

    var output: String { child.standardOutput }

    var processIdentifier: Int32 { child.processIdentifier }

    /// Waits until the output contains `text`, at most `timeout`; false if it never did.
    func waitForOutput(containing text: String, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !output.contains(text) {
            guard child.isRunning, ContinuousClock.now < deadline else { return output.contains(text) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Waits for the process to exit and its output to end, at most `timeout`; a process still
    /// running then is killed and reported as nil. A signal ends it with 128 plus the signal.
    func exitStatus(timeout: Duration) async throws -> Int32? {
        await child.exitStatus(timeout: timeout)
    }
}
