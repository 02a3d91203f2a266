import ArgumentParser
import Foundation
import Spanscope
import SpanscopeDemo

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a shop of seven traced services on loopback and drive traffic through it.",
        discussion: """
            Every service records into one trace store. Progress goes to standard output, with \
            the slowest or a failed trace drawn as a text waterfall now and then; the gateway \
            answers GET /debug/waterfall with the latest traces. With --processes, each service \
            runs as a process of its own and exports its spans over OTLP/HTTP to a hub in the \
            demo's process (--hub-port), which assembles them into whole traces and serves the \
            trace UI and /debug/waterfall; the services' own lines come prefixed with their name.
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

    @OptionGroup var logging: DemoLogging

    @Flag(help: "Run each service as a process of its own, exporting its spans to a hub in this process.")
    var processes = false

    @Option(help: "With --processes: the hub's port, for OTLP/HTTP and the trace UI (0 picks a free one).")
    var hubPort: Int = 4318

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (0...65_535).contains(hubPort) else { throw ValidationError("--hub-port must be 0 to 65535") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        guard rate > 0 else { throw ValidationError("--rate must be positive") }
        guard progressEvery > 0 else { throw ValidationError("--progress-every must be positive") }
        guard waterfallEvery >= 0 else { throw ValidationError("--waterfall-every must be 0 or more") }
    }

    func run() async throws {
        logging.bootstrap()
        let stop = DemoStopSignal(duration: duration.map { .milliseconds(Int64($0 * 1_000)) })
        let shop = try await start(stoppingOnExit: stop.stop)
        let traffic = TrafficGenerator(
            gatewayURL: shop.gatewayURL,
            configuration: TrafficGenerator.Configuration(requestsPerSecond: rate)
        )
        Console.line(banner(shop, traffic: noTraffic ? nil : traffic))
        let driving = noTraffic ? nil : Task { await traffic.run() }
        let reporter = DemoReporter(
            store: shop.store,
            inFlight: shop.requestsInFlight,
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
        let failures = await shop.stop()
        await reporting.value
        Console.line(reporter.progressLine())
        for failure in failures { Console.line(failure) }
        guard failures.isEmpty, reason != .serviceExited else {
            Console.line("Demo stopped, not cleanly.")
            throw ExitCode.failure
        }
        Console.line("Demo stopped.")
    }

    /// The shop in this process, or its services as child processes of this binary;
    /// `stoppingOnExit` is told when one of those ends by itself.
    private func start(stoppingOnExit stop: @escaping @Sendable (DemoStopSignal.Reason) -> Void) async throws -> any DemoRunningShop {
        guard processes else {
            return try await DemoShop.start(DemoShop.Configuration(host: host, gatewayPort: port))
        }
        let options = DemoShopProcesses.Options(host: host, gatewayPort: port, hubPort: hubPort, logLevel: logging.logLevel)
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return try await DemoShopProcesses.start(options, executable: executable) { service, status in
            Console.line("\(service.rawValue) exited by itself, with status \(status): stopping the demo.")
            stop(.serviceExited)
        }
    }

    private func banner(_ shop: any DemoRunningShop, traffic: TrafficGenerator?) -> String {
        var lines = shop.bannerLines
        if let traffic {
            let configuration = traffic.configuration
            var pace = "Traffic: about \(configuration.requestsPerSecond.formatted()) requests/s"
            if let burst = configuration.burstInterval {
                pace += ", a burst of \(configuration.burstSize) every \(burst.components.seconds) s"
            }
            lines.append(pace + " (--rate, --no-traffic).")
        }
        lines.append("")
        lines.append(ShopGuide(gatewayURL: shop.gatewayURL, traceViewerURL: shop.traceViewerURL).text)
        var closing = "Progress every \(progressEvery.formatted()) s"
        if waterfallEvery > 0 { closing += "; every \(waterfallEvery.formatted()) s the slowest or a failed trace as a waterfall" }
        lines.append(closing + ". Ctrl-C stops.")
        return lines.joined(separator: "\n")
    }
}
