import Spanscope

/// Where the shop's traces are looked at: on the gateway, over the one store every
/// service records into, or on a hub in another process that every service exports to
/// (the gateway's own store then holds only its part of each trace).
enum TraceViewer: Sendable {
    /// The gateway serves the trace UI and `/debug/waterfall`.
    case onGateway(TraceUI, TraceDigest)
    /// `http://host:port` of the hub that serves them.
    case hub(url: String)
}

extension TraceViewer {
    /// Adds the trace UI and `/debug/waterfall` when the gateway serves them.
    func register(on router: inout Router) {
        guard case .onGateway(let traceUI, let digest) = self else { return }
        traceUI.register(on: &router)
        digest.register(on: &router)
    }

    /// Where the shop's guide sends people to look at traces.
    func url(gatewayURL: String) -> String {
        switch self {
        case .onGateway: gatewayURL
        case .hub(let url): url
        }
    }
}
