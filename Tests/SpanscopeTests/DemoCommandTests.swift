import Foundation
import Testing

/// `spanscope demo` as a user runs it: instructions first, progress, and a clean exit.
@Suite(.serialized) struct DemoCommandTests {
    @Test func runsForItsDurationPrintsWhereToLookAndExitsZero() async throws {
        let demo = try DemoProcess(["demo", "--port", "0", "--duration", "5", "--progress-every", "1", "--waterfall-every", "2"])
        let status = try await demo.exitStatus(timeout: .seconds(60))
        let output = demo.output
        #expect(status == 0, "\(output)")
        let gateway = try #require(output.firstMatch(of: /gateway +(http:\/\/127\.0\.0\.1:\d+)/)?.1, "\(output)")
        #expect(!gateway.hasSuffix(":0"))
        for service in ["auth", "users", "products", "orders", "payments", "notifications"] {
            #expect(output.contains(try Regex("\n  \(service) +http://127\\.0\\.0\\.1:\\d+\n")), "\(service) missing: \(output)")
        }
        #expect(output.contains("curl -i \(gateway)/api/products/3"))
        #expect(output.contains("-H 'Authorization: Bearer demo-ada' \(gateway)/api/home"))
        #expect(output.contains("curl \(gateway)/debug/waterfall"))
        #expect(output.contains("Ctrl-C stops."))
        #expect(output.contains(#/\[\d+s\] [1-9]\d* requests, \d+ failed, \d+ in flight; [1-9]\d* traces stored/#), "\(output)")
        #expect(output.contains(#/\nTrace [0-9a-f]{32}  /#), "no waterfall printed: \(output)")
        #expect(output.contains("Stopping (duration elapsed)"))
        #expect(output.hasSuffix("Demo stopped.\n"), "\(output)")
    }

    @Test func ctrlCStopsTrafficAndServersAndExitsZero() async throws {
        let demo = try DemoProcess(["demo", "--port", "0", "--rate", "5"])
        let ready = try await demo.waitForOutput(containing: "Ctrl-C stops.", timeout: .seconds(30))
        #expect(ready, "\(demo.output)")
        // Let requests be under way when the signal comes.
        try await Task.sleep(for: .milliseconds(500))
        kill(demo.processIdentifier, SIGINT)
        let status = try await demo.exitStatus(timeout: .seconds(30))
        let output = demo.output
        #expect(status == 0, "\(output)")
        #expect(output.contains("Stopping (SIGINT)"), "\(output)")
        #expect(output.hasSuffix("Demo stopped.\n"), "\(output)")
    }

    @Test func badOptionsAreRefusedWithAReason() async throws {
        let demo = try DemoProcess(["demo", "--rate", "0"])
        let status = try await demo.exitStatus(timeout: .seconds(30))
        #expect(status != 0)
        #expect(demo.output.contains("--rate must be positive"), "\(demo.output)")
    }
}
