import Foundation
import Spanscope
import Testing

/// `spanscope serve` as a user runs it: the built binary, a real SDK exporting to it, the
/// trace API reading what arrived, and Ctrl-C.
@Suite struct ServeCommandTests {
    @Test func aHubReceivesShowsAndStopsOnCtrlC() async throws {
        // --duration: a hub left behind by a crashed test run stops by itself.
        let hub = try DemoProcess(["serve", "--otlp-port", "0", "--port", "0", "--duration", "120"])
        let ready = try await hub.waitForOutput(containing: "Press Ctrl-C to stop.", timeout: .seconds(30))
        try #require(ready, "\(hub.output)")
        let receiver = try #require(hub.output.firstMatch(of: /OTLP\/HTTP receiver: (http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/)?.1)
        let ui = try #require(hub.output.firstMatch(of: /Trace UI: +(http:\/\/127\.0\.0\.1:\d+\/debug\/traces)/)?.1)
        #expect(hub.output.contains("export OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.dropLast("/v1/traces".count)))

        let export = try await PythonPeer.run("otlp_sdk_export.py", arguments: [String(receiver), "protobuf", "gzip"])
        #expect(export.status == 0, "\(export.standardError)")
        let client = HTTPClient()
        let stats = try await client.get(ui + "/stats")
        await client.shutdown()
        let received = try #require(
            (try JSONSerialization.jsonObject(with: Data(stats.body)) as? [String: Any])?["received"] as? [String: Any]
        )
        #expect(received["spans"] as? Int == 6)

        kill(hub.processIdentifier, SIGINT)
        let status = try await hub.exitStatus(timeout: .seconds(30))
        #expect(status == 0, "\(hub.output)")
        #expect(hub.output.hasSuffix("hub stopped: 6 spans received, 0 rejected\n"), "\(hub.output)")
    }
}
