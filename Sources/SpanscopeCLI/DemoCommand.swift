import ArgumentParser
import Foundation
import Logging
import Spanscope
import SpanscopeDemo

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a shop of seven traced services on loopback and drive traffic through it.",
        discussion: """
            Every service records into one trace store. Progress goes to standard output, with \
            the slowest or a failed trace drawn as a text waterfall now and then; the gateway \
            answers GET /debug/waterfall with the latest traces.
            """
    )

    @Option(help: "The gateway's port (0 picks a free one); the other services take free ports.")
    var port: Int = 8080

    @Option(help: "The gateway's address.")
    var host: String = "127.0.0.1"

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var duration: Double?

    @Option(help: "Requests per second of the traffic generator, on average.")
    var rate: Double = 3

    @Flag(help: "Drive no traffic: only answer requests sent by hand.")
    var noTraffic = false

    @Option(help: "Seconds between progress lines.")
    var progressEvery: Double = 5

    @Option(help: "Seconds between trace waterfalls printed (0: none).")
    var waterfallEvery: Double = 20

    @Option(help: "Log level of the services' own lines, which carry trace_id (trace, debug, info, notice, warning, error).")
    var logLevel: String = "notice"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        guard rate > 0 else { throw ValidationError("--rate must be positive") }
        guard progressEvery > 0 else { throw ValidationError("--progress-every must be positive") }
        guard waterfallEvery >= 0 else { throw ValidationError("--waterfall-every must be 0 or more") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        bootstrapLogging(level: Logger.Level(rawValue: logLevel) ?? .notice)
        let stop = DemoStopSignal(duration: duration.map { .milliseconds(Int64($0 * 1_000)) })
        let shop = try await DemoShop.start(DemoShop.Configuration(host: host, gatewayPort: port))
        let traffic = TrafficGenerator(
            gatewayURL: shop.gatewayURL,
            configuration: TrafficGenerator.Configuration(requestsPerSecond: rate)
        )
        Console.line(banner(shop, traffic: noTraffic ? nil : traffic))
        let driving = noTraffic ? nil : Task { await traffic.run() }
        let reporter = DemoReporter(
            store: shop.store,
            inFlight: shop.inFlight,
            traffic: traffic,
            progressInterval: .milliseconds(Int64(progressEvery * 1_000)),
            waterfallInterval: waterfallEvery > 0 ? .milliseconds(Int64(waterfallEvery * 1_000)) : nil
        )
        let reporting = Task { await reporter.run() }

        let reason = await stop.wait()
        Console.line("Stopping (\(reason.rawValue)): traffic first, then the services.")
        reporting.cancel()
        driving?.cancel()
        await driving?.value
        await shop.shutdown()
        await reporting.value
        Console.line(reporter.progressLine())
        Console.line("Demo stopped.")
    }

    private func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap(
            { label, metadataProvider in
                var handler = StreamLogHandler.standardOutput(label: label, metadataProvider: metadataProvider)
                handler.logLevel = level
                return handler
            },
            metadataProvider: .spanscope
        )
    }

    private func banner(_ shop: DemoShop, traffic: TrafficGenerator?) -> String {
        let width = shop.endpoints.map(\.name.count).max() ?? 0
        var lines = ["Spanscope demo shop: \(shop.endpoints.count) services, each with its own tracer, all recording into one trace store."]
        for endpoint in shop.endpoints {
            let padding = String(repeating: " ", count: width - endpoint.name.count)
            lines.append("  \(endpoint.name)\(padding)  \(endpoint.url)")
        }
        if let traffic {
            let configuration = traffic.configuration
            var pace = "Traffic: about \(configuration.requestsPerSecond.formatted()) requests/s"
            if let burst = configuration.burstInterval {
                pace += ", a burst of \(configuration.burstSize) every \(burst.components.seconds) s"
            }
            lines.append(pace + " (--rate, --no-traffic).")
        }
        lines.append("")
        lines.append(ShopGuide(gatewayURL: shop.gatewayURL).text)
        var closing = "Progress every \(progressEvery.formatted()) s"
        if waterfallEvery > 0 { closing += "; every \(waterfallEvery.formatted()) s the slowest or a failed trace as a waterfall" }
        lines.append(closing + ". Ctrl-C stops.")
        return lines.joined(separator: "\n")
    }
}
