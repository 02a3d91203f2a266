import Tracing

extension SpanKind {
    /// The name our JSON, Jaeger's `span.kind` tag and the waterfall use.
    var lowercaseName: String {
        switch self {
        case .server: "server"
        case .client: "client"
        case .producer: "producer"
        case .consumer: "consumer"
        case .internal: "internal"
        }
    }

    /// OTLP's `SpanKind` enum number.
    var otlpNumber: Int {
        switch self {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }
}

extension SpanStatus.Code {
    /// OTLP's `StatusCode` enum number; unset (0) has no case here.
    var otlpNumber: Int {
        switch self {
        case .ok: 1
        case .error: 2
        }
    }

    /// The value of the `otel.status_code` tag in Jaeger and Zipkin.
    var tagValue: String {
        switch self {
        case .ok: "OK"
        case .error: "ERROR"
        }
    }
}
