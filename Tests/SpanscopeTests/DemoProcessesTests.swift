import Foundation
import Spanscope
import Testing

/// `spanscope demo --processes` as a user runs it: the built binary starts a hub and a
/// process per service; the hub's trace API shows traces assembled across the processes;
/// every service process ends with the demo, however the demo ends.
@Suite(.serialized) struct DemoProcessesTests {
    @Test func tracesCrossTheProcessesAndEveryProcessExitsCleanly() async throws {
        let demo = try DemoProcess([
            "demo", "--processes", "--port", "0", "--hub-port", "0", "--duration", "20", "--rate", "6",
            "--progress-every", "2", "--waterfall-every", "0",
        ])
        let trafficEnds = ContinuousClock.now + .seconds(19)
        let shop = try await DemoProcessesBanner.read(from: demo)
        #expect(shop.output.contains("Open the trace UI: \(shop.hubURL)/debug/traces"))
        #expect(shop.output.contains("curl \(shop.hubURL)/debug/waterfall"))
        #expect(shop.output.contains("curl -i \(shop.gatewayURL)/api/products/3"))

        let client = HTTPClient()
        var found: CrossProcessTrace?
        var lastProblem = "no trace through notifications yet"
        let deadline = ContinuousClock.now + .seconds(13)
        search: while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            let list = try await client.get(shop.hubURL + "/debug/traces?service=notifications&operation=publish+order-placed&limit=50")
            let summaries = try #require(try JSONSerialization.jsonObject(with: Data(list.body)) as? [String: Any])["traces"] as? [[String: Any]]
            for summary in summaries ?? [] {
                let id = try #require(summary["traceId"] as? String)
                let response = try await client.get(shop.hubURL + "/debug/traces/" + id)
                guard response.status.code == 200 else { continue }
                do {
                    found = try CrossProcessTrace(json: Data(response.body), processes: shop.processIdentifiers)
                    break search
                } catch {
                    lastProblem = "\(error)"
                }
            }
        }
        let trace = try #require(found, "\(lastProblem)\n\(demo.output)")
        #expect(trace.processesByService.count >= 4)
        #expect(trace.rootService == "gateway")
        #expect(trace.serverHops >= 3)

        // The hub counts each trace under the route the shopper called, not a callee's. A
        // callee's part often arrives first and counts under its route until the gateway's
        // part moves the trace: with traffic running, a few traces are always in between.
        // What must hold is that such counts go away, so the routes are read until one
        // reading, before the traffic ends, has the gateway's alone.
        var byService: [String: Int] = [:]
        repeat {
            let routes = try await client.get(shop.hubURL + "/debug/traces/routes")
            let counted = try #require(try JSONSerialization.jsonObject(with: Data(routes.body)) as? [String: Any])["routes"] as? [[String: Any]]
            byService = Dictionary(grouping: counted ?? [], by: { $0["service"] as? String ?? "" })
                .mapValues { $0.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } }
            if byService.keys.allSatisfy({ $0 == "gateway" }) { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < trafficEnds
        await client.shutdown()
        #expect((byService["gateway"] ?? 0) > 0, "\(byService)")
        #expect(byService.keys.allSatisfy { $0 == "gateway" }, "routes counted under a callee: \(byService)")

        let status = try await demo.exitStatus(timeout: .seconds(60))
        let output = demo.output
        #expect(status == 0, "\(output)")
        #expect(output.contains("Stopping (duration elapsed)"))
        #expect(output.hasSuffix("Demo stopped.\n"), "\(output)")
        for service in shop.processIdentifiers.keys {
            let stopped = try Regex("\n\(service) +\\| stopped \\(standard input closed\\): [1-9]\\d* spans exported, 0 dropped\n")
            #expect(output.contains(stopped), "\(service) did not stop cleanly: \(output)")
        }
        for (service, pid) in shop.processIdentifiers {
            #expect(!DemoProcessesBanner.isAlive(pid), "\(service) (pid \(pid)) still runs")
        }
    }

    @Test func ctrlCStopsEveryServiceAndExitsZero() async throws {
        let demo = try DemoProcess(["demo", "--processes", "--port", "0", "--hub-port", "0", "--duration", "120"])
        let shop = try await DemoProcessesBanner.read(from: demo)
        try await Task.sleep(for: .milliseconds(500))
        kill(demo.processIdentifier, SIGINT)
        let status = try await demo.exitStatus(timeout: .seconds(60))
        #expect(status == 0, "\(demo.output)")
        #expect(demo.output.contains("Stopping (SIGINT)"), "\(demo.output)")
        #expect(demo.output.hasSuffix("Demo stopped.\n"), "\(demo.output)")
        for (service, pid) in shop.processIdentifiers {
            #expect(!DemoProcessesBanner.isAlive(pid), "\(service) (pid \(pid)) still runs")
        }
    }

    @Test func servicesEndWhenTheDemoIsKilled() async throws {
        let demo = try DemoProcess(["demo", "--processes", "--port", "0", "--hub-port", "0", "--duration", "120"])
        let shop = try await DemoProcessesBanner.read(from: demo)
        kill(demo.processIdentifier, SIGKILL)
        _ = try await demo.exitStatus(timeout: .seconds(10))
        let deadline = ContinuousClock.now + .seconds(20)
        var running = shop.processIdentifiers.filter { DemoProcessesBanner.isAlive($0.value) }
        while !running.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            running = running.filter { DemoProcessesBanner.isAlive($0.value) }
        }
        for (service, pid) in running {
            kill(pid, SIGKILL)
            Issue.record("\(service) (pid \(pid)) outlived the demo")
        }
    }
}

/// What `demo --processes` prints before traffic starts: the hub and each service with its pid.
struct DemoProcessesBanner {
    var output: String
    var hubURL: String
    var gatewayURL: String
    var processIdentifiers: [String: Int32]

    static func read(from demo: DemoProcess) async throws -> DemoProcessesBanner {
        let ready = try await demo.waitForOutput(containing: "Ctrl-C stops.", timeout: .seconds(60))
        let output = demo.output
        try #require(ready, "\(output)")
        let hubURL = try #require(output.firstMatch(of: #/\n  hub +(http:\/\/127\.0\.0\.1:\d+)  /#)?.1, "\(output)")
        var processIdentifiers: [String: Int32] = [:]
        var gatewayURL = ""
        for match in output.matches(of: #/\n  ([a-z]+) +(http:\/\/127\.0\.0\.1:\d+)  \(pid (\d+)\)/#) {
            processIdentifiers[String(match.1)] = Int32(match.3)
            if match.1 == "gateway" { gatewayURL = String(match.2) }
        }
        #expect(processIdentifiers.count == 7, "\(output)")
        #expect(Set(processIdentifiers.values).count == 7, "\(output)")
        #expect(!processIdentifiers.values.contains(demo.processIdentifier))
        return DemoProcessesBanner(output: output, hubURL: String(hubURL), gatewayURL: gatewayURL, processIdentifiers: processIdentifiers)
    }

    /// True while `pid` runs; a zombie (ended, not yet reaped by whoever adopted it) has ended.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let state = stat.split(separator: ")").last?.split(separator: " ").first
        else { return false }
        return state != "Z"
    }
}

/// A trace of the hub's JSON API (`GET /debug/traces/{id}`) checked for what crossing
/// processes must give: each service's spans from its own process, each callee's SERVER
/// span a child of its caller's CLIENT span in another process, and the order's
/// CONSUMER span in notifications a child of its PRODUCER span in orders.
struct CrossProcessTrace {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    var rootService: String
    var processesByService: [String: Int64]
    /// SERVER spans whose parent is a CLIENT span of another process.
    var serverHops: Int

    init(json: Data, processes: [String: Int32]) throws {
        guard let trace = try JSONSerialization.jsonObject(with: json) as? [String: Any],
              let resources = trace["resources"] as? [[String: Any]],
              let spans = trace["spans"] as? [[String: Any]]
        else { throw Problem(description: "not a trace: \(String(decoding: json, as: UTF8.self))") }
        func pid(_ span: [String: Any]) -> Int64? {
            (span["resource"] as? Int).flatMap { ((resources[$0]["attributes"] as? [String: Any])?["process.pid"] as? NSNumber)?.int64Value }
        }
        func service(_ span: [String: Any]) -> String {
            (span["resource"] as? Int).flatMap { resources[$0]["serviceName"] as? String } ?? "?"
        }
        var processesByService: [String: Int64] = [:]
        for span in spans {
            guard let pid = pid(span) else { throw Problem(description: "a span without process.pid") }
            guard processesByService.updateValue(pid, forKey: service(span)) ?? pid == pid else {
                throw Problem(description: "\(service(span)) spans come from two processes")
            }
        }
        for (service, pid) in processesByService where processes[service].map(Int64.init) != pid {
            throw Problem(description: "\(service) spans carry process.pid \(pid), its process is \(processes[service] ?? 0)")
        }
        guard Set(processesByService.values).count == processesByService.count else {
            throw Problem(description: "two services share a process: \(processesByService)")
        }
        let byID = Dictionary(spans.compactMap { span in (span["spanId"] as? String).map { ($0, span) } }, uniquingKeysWith: { first, _ in first })
        guard let root = (trace["rootSpanId"] as? String).flatMap({ byID[$0] }), root["parentSpanId"] is NSNull, root["kind"] as? String == "server" else {
            throw Problem(description: "the root is not a SERVER span without a parent")
        }
        var hops = 0
        for span in spans where span["kind"] as? String == "server" && span["spanId"] as? String != root["spanId"] as? String {
            guard let parentID = span["parentSpanId"] as? String, let parent = byID[parentID] else {
                throw Problem(description: "\(span["name"] ?? "?") [\(service(span))] has no parent in the trace yet")
            }
            guard parent["kind"] as? String == "client", pid(parent) != pid(span), span["parentIsRemote"] as? Bool == true else {
                throw Problem(description: "\(span["name"] ?? "?") [\(service(span))]'s parent is \(parent["kind"] ?? "?") [\(service(parent))]")
            }
            hops += 1
        }
        let producers = spans.filter { $0["kind"] as? String == "producer" && service($0) == "orders" }
        let consumers = spans.filter { $0["kind"] as? String == "consumer" && service($0) == "notifications" }
        guard let producer = producers.first, let consumer = consumers.first else {
            throw Problem(description: "\(producers.count) producer and \(consumers.count) consumer spans")
        }
        guard consumer["parentSpanId"] as? String == producer["spanId"] as? String, consumer["parentIsRemote"] as? Bool == true else {
            throw Problem(description: "the consumer span's parent is not the producer span")
        }
        rootService = service(root)
        self.processesByService = processesByService
        serverHops = hops
    }
}
