import Spanscope

/// An OTLP receiver on a real server over loopback (port 0), storing into its own store.
struct ReceiverHub {
    let store: TraceStore
    let server: HTTPServer

    static func start(
        limits: OTLPReceiver.Limits = OTLPReceiver.Limits(),
        store: TraceStore = TraceStore()
    ) throws -> ReceiverHub {
        var router = Router()
        OTLPReceiver(store: store, limits: limits).register(on: &router)
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), router: router)
        try server.start()
        return ReceiverHub(store: store, server: server)
    }

    var url: String { "http://127.0.0.1:\(server.port)/v1/traces" }

    func shutdown() async {
        await server.shutdown()
    }
}
