extension TraceUI {
    /// Serves the trace UI on a server of its own, beside the service (on another port, or
    /// on a loopback address while the service listens on all): starts it and returns it.
    /// `GET /` redirects to the prefix. Shut it down with `shutdown()`, or `run()` it.
    ///
    /// ```swift
    /// let traces = try TraceUI(store: store).serve(configuration: ServerConfiguration(port: 9090, loopCount: 1))
    /// // curl http://127.0.0.1:9090/debug/traces
    /// await traces.shutdown()
    /// ```
    public func serve(configuration: ServerConfiguration, at prefix: String = "/debug/traces") throws -> HTTPServer {
        var router = Router()
        register(on: &router, at: prefix)
        let base = Self.normalized(prefix)
        if !base.isEmpty {
            router.get("/") { _, _ in Response(status: .found, headers: ["Location": base]) }
        }
        let server = HTTPServer(configuration: configuration, router: router)
        try server.start()
        return server
    }
}
