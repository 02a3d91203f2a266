import Foundation
import Spanscope
import Synchronization
import Testing

/// `spanscope serve` as a user runs it: the built binary, a real SDK exporting to it, the
/// trace API reading what arrived, and Ctrl-C.
@Suite struct ServeCommandTests {
    /// The `spanscope` executable `swift test` built beside the test bundle.
    private static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("spanscope")
    }

    @Test func aHubReceivesShowsAndStopsOnCtrlC() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.executable.path), "no \(Self.executable.path): swift build first"
        )
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--otlp-port", "0", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let lines = LineReader(output.fileHandleForReading)
        let receiver = try #require(await lines.first { $0.contains("OTLP/HTTP receiver:") })
        let ui = try #require(await lines.first { $0.contains("Trace UI:") })
        let receiverURL = try #require(receiver.split(separator: " ").last.map(String.init))
        let uiURL = try #require(ui.split(separator: " ").last.map(String.init))

        let export = try await PythonPeer.run("otlp_sdk_export.py", arguments: [receiverURL, "protobuf", "gzip"])
        #expect(export.status == 0, "\(export.standardError)")
        let client = HTTPClient()
        let stats = try await client.get(uiURL + "/stats")
        await client.shutdown()
        let received = try #require(
            (try JSONSerialization.jsonObject(with: Data(stats.body)) as? [String: Any])?["received"] as? [String: Any]
        )
        #expect(received["spans"] as? Int == 6)

        process.interrupt()
        let stopped = await lines.first { $0.hasPrefix("hub stopped") }
        #expect(stopped == "hub stopped: 6 spans received, 0 rejected")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

/// The lines a process writes, read on a thread of its own (a blocking read must not
/// hold one of the few threads tasks run on).
private final class LineReader: Sendable {
    private let lines = Mutex<(seen: [String], ended: Bool)>(([], false))

    init(_ handle: FileHandle) {
        Thread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    self.lines.withLock { $0.seen.append(line) }
                }
                if chunk.isEmpty { break }
            }
            self.lines.withLock { $0.ended = true }
        }.start()
    }

    /// The first line that matches, waiting up to `timeout`; nil when output ends or time runs out first.
    func first(timeout: Duration = .seconds(30), where matches: (String) -> Bool) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (seen, ended) = lines.withLock { ($0.seen, $0.ended) }
            if let line = seen.first(where: matches) { return line }
            if ended { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
