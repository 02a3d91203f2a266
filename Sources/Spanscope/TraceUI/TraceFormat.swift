/// A format `GET {prefix}/{traceId}?format=` serves a trace in.
enum TraceFormat: String, CaseIterable {
    /// Spanscope's trace JSON with its analysis (`TraceJSONEncoder`); the default.
    case json
    /// OTLP/JSON, an `ExportTraceServiceRequest` (`OTLPJSONEncoder`).
    case otlp
    /// Jaeger's query-service JSON (`JaegerJSONEncoder`).
    case jaeger
    /// Zipkin v2 JSON (`ZipkinJSONEncoder`).
    case zipkin
    /// A text waterfall (`TextWaterfall`).
    case text

    var encoder: any TraceEncoder {
        switch self {
        case .json: TraceJSONEncoder()
        case .otlp: OTLPJSONEncoder()
        case .jaeger: JaegerJSONEncoder()
        case .zipkin: ZipkinJSONEncoder()
        case .text: TextWaterfall()
        }
    }

    /// The name of a downloaded file: `trace-<id>.json`, `trace-<id>.otlp.json`, ...
    func fileName(traceID: String) -> String {
        switch self {
        case .json: "trace-\(traceID).json"
        case .otlp, .jaeger, .zipkin: "trace-\(traceID).\(rawValue).json"
        case .text: "trace-\(traceID).txt"
        }
    }
}
