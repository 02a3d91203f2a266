import Spanscope

// README:EXPORT:BEGIN
/// Runs `server` until SIGINT or SIGTERM, sending the traces `store` keeps to the collector
/// the `OTEL_EXPORTER_OTLP_*` variables name; what is still queued goes out before it returns.
func run(_ server: HTTPServer, exportingFrom store: TraceStore) async throws {
    let processor = BatchSpanProcessor(exporter: try OTLPExporter())
    processor.attach(to: store)
    try await server.run()
    await processor.shutdown()
}
// README:EXPORT:END
