import Spanscope
import SpanscopeDemo

/// The shop as `spanscope demo` drives and reports on it: in this process (`DemoShop`) or
/// as a process per service (`DemoShopProcesses`).
protocol DemoRunningShop: Sendable {
    /// Where the whole traces are: the one store, or the hub's.
    var store: TraceStore { get }
    var gatewayURL: String { get }
    /// Where the trace UI and `/debug/waterfall` are.
    var traceViewerURL: String { get }
    /// The services' requests under way, when this process sees them.
    var requestsInFlight: InFlightRequests? { get }
    /// The banner's first lines: what runs where.
    var bannerLines: [String] { get }
    /// Stops every service gracefully; returns what did not stop cleanly, one line each.
    func stop() async -> [String]
}

extension DemoShop: DemoRunningShop {
    var traceViewerURL: String { gatewayURL }
    var requestsInFlight: InFlightRequests? { inFlight }

    var bannerLines: [String] {
        let width = endpoints.map(\.name.count).max() ?? 0
        let title = "Spanscope demo shop: \(endpoints.count) services, each with its own tracer, all recording into one trace store."
        return [title] + endpoints.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.url }
    }

    func stop() async -> [String] {
        await shutdown()
        return []
    }
}

extension DemoShopProcesses: DemoRunningShop {
    var traceViewerURL: String { hubURL }
    var requestsInFlight: InFlightRequests? { nil }

    var bannerLines: [String] {
        let services = services
        let width = max(3, services.map(\.service.rawValue.count).max() ?? 0)
        func column(_ name: String) -> String { name.padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines = [
            "Spanscope demo shop as separate processes: \(services.count) services, each a process of its own "
                + "exporting its spans over OTLP/HTTP to the hub in this process, which assembles whole traces.",
            "  \(column("hub"))  \(hubURL)  (OTLP receiver at /v1/traces, trace UI at /debug/traces)",
        ]
        for (service, url, processIdentifier) in services {
            lines.append("  \(column(service.rawValue))  \(url)  (pid \(processIdentifier))")
        }
        lines.append("Open the trace UI: \(hubURL)/debug/traces")
        return lines
    }

    func stop() async -> [String] {
        await shutdown().map { "\($0.service.rawValue) exited with status \($0.status)" }
    }
}
