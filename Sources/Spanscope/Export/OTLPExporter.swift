import Foundation
public import Logging
import SpanscopeOTLP

/// Sends spans to an OpenTelemetry collector (or Jaeger, Tempo, `spanscope serve`) over
/// OTLP/HTTP: `POST /v1/traces` with protobuf or OTLP/JSON, optionally gzip-compressed,
/// on Spanscope's own `HTTPClient`.
///
/// One `export` is one request, retried with backoff on 429, 502, 503 and 504, on
/// connection failures and on timeouts, until its deadline; any other answer drops the
/// batch. A `BatchSpanProcessor` calls it, one batch at a time; call it yourself only to
/// send spans you hold.
///
/// ```swift
/// let exporter = try OTLPExporter(configuration: .init(endpoint: "http://127.0.0.1:4318/v1/traces"))
/// let result = await exporter.export(trace.spans)
/// await exporter.shutdown()
/// ```
public final class OTLPExporter: Sendable {
    public let configuration: Configuration
    private let client: HTTPClient
    private let ownsClient: Bool
    /// Every request's headers: they depend on the configuration alone.
    private let headers: HTTPHeaders

    /// - Parameters:
    ///   - configuration: nil reads the `OTEL_EXPORTER_OTLP_*` variables of the process.
    ///   - client: the HTTP client to send with; by default the exporter makes its own
    ///     (a thread of its own) and shuts it down in `shutdown()`.
    ///   - logger: warns about environment values that cannot be used.
    /// - Throws: `OTLPExporterError` for a `grpc` protocol or an endpoint that is not `http://`.
    public init(
        configuration: Configuration? = nil,
        client: HTTPClient? = nil,
        logger: Logger = OTLPExporter.defaultLogger
    ) throws(OTLPExporterError) {
        let configuration = if let configuration {
            configuration
        } else {
            try Configuration(environment: SpanscopeTracer.processEnvironment, logger: logger)
        }
        guard configuration.endpoint.lowercased().hasPrefix("http://") else {
            throw .unsupportedEndpoint(configuration.endpoint)
        }
        self.configuration = configuration
        self.client = client ?? HTTPClient()
        self.ownsClient = client == nil
        self.headers = Self.headers(for: configuration)
    }

    /// The logger exporting warns on: `spanscope.export`.
    public static var defaultLogger: Logger { Logger(label: "spanscope.export") }

    /// Sends `spans` in one request, retrying as `configuration.retry` says until `deadline`
    /// (by default one request timeout from now). Never throws: every way it can end is an
    /// `OTLPExportResult`.
    ///
    /// ```swift
    /// let result = await exporter.export(spans, deadline: .now + .seconds(30))
    /// ```
    public func export(_ spans: [SpanRecord], deadline: ContinuousClock.Instant? = nil) async -> OTLPExportResult {
        let deadline = deadline ?? .now + configuration.timeout
        let request: ClientRequest
        do {
            request = try makeRequest(spans)
        } catch {
            return OTLPExportResult(spanCount: spans.count, outcome: .failed(reason: "encoding failed: \(error)"), retries: 0)
        }
        var retries = 0
        while true {
            let attempt = await send(request, deadline: deadline)
            let wait: Duration
            switch attempt {
            case .done(let outcome):
                return OTLPExportResult(spanCount: spans.count, outcome: outcome, retries: retries)
            case .retry(let reason, let retryAfter):
                wait = retryAfter ?? configuration.retry.backoff(beforeRetry: retries)
                guard ContinuousClock.now + wait < deadline else {
                    let outcome = OTLPExportResult.Outcome.failed(reason: "\(reason); no time left to retry before the export deadline")
                    return OTLPExportResult(spanCount: spans.count, outcome: outcome, retries: retries)
                }
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    return OTLPExportResult(spanCount: spans.count, outcome: .failed(reason: "\(reason); cancelled"), retries: retries)
                }
                retries += 1
            }
        }
    }

    /// Shuts down the exporter's own HTTP client (one passed in stays up).
    public func shutdown() async {
        if ownsClient { await client.shutdown() }
    }

    private enum Attempt {
        case done(OTLPExportResult.Outcome)
        case retry(reason: String, retryAfter: Duration?)
    }

    private func send(_ request: ClientRequest, deadline: ContinuousClock.Instant) async -> Attempt {
        var request = request
        // Past the deadline, one last attempt still gets a moment rather than a negative timer.
        request.timeout = max(.milliseconds(1), min(configuration.timeout, ContinuousClock.now.duration(to: deadline)))
        let response: ClientResponse
        do {
            response = try await client.execute(request)
        } catch let error as HTTPClientError where error.isTransient {
            return .retry(reason: error.description, retryAfter: nil)
        } catch {
            return .done(.failed(reason: "\(error)"))
        }
        switch response.status.code {
        case 200..<300:
            return .done(accepted(response))
        case 429, 502, 503, 504:
            return .retry(reason: "the collector answered \(response.status.code)", retryAfter: response.retryAfter())
        default:
            return .done(.refused(status: response.status.code, message: Self.excerpt(of: response)))
        }
    }

    /// A 2xx whose body does not decode still delivered the spans: OTLP calls the body
    /// optional on success, so it counts as full success.
    private func accepted(_ response: ClientResponse) -> OTLPExportResult.Outcome {
        guard let answer = try? OTLPExportResponse(body: response.body, contentType: response.headers["Content-Type"]) else {
            return .accepted(rejectedSpans: 0, message: "")
        }
        return .accepted(rejectedSpans: Int(clamping: answer.rejectedSpans), message: answer.errorMessage)
    }

    private func makeRequest(_ spans: [SpanRecord]) throws -> ClientRequest {
        let body = switch configuration.protocol {
        case .httpProtobuf: try OTLPProtobufEncoder().encode(spans: spans)
        case .httpJSON: OTLPJSONEncoder().encode(spans: spans)
        }
        return ClientRequest(
            method: .post, url: configuration.endpoint, headers: headers,
            body: configuration.compression == .gzip ? Gzip.compress(body) : body
        )
    }

    /// The configured headers, with the exporter's own in place of any of the same name.
    private static func headers(for configuration: Configuration) -> HTTPHeaders {
        var headers = configuration.headers
        headers.set("Content-Type", configuration.protocol.contentType)
        headers.set("User-Agent", "OTel-OTLP-Exporter-Swift/\(Resource.sdkVersion) spanscope")
        if configuration.compression == .gzip {
            headers.set("Content-Encoding", "gzip")
        } else {
            headers.remove("Content-Encoding")
        }
        return headers
    }

    /// The start of a refusal's text (a JSON `google.rpc.Status` or plain text), for the log.
    private static func excerpt(of response: ClientResponse) -> String {
        let type = mediaType(ofContentType: response.headers["Content-Type"] ?? "")
        guard type == "application/json" || type.hasPrefix("text/") else { return "" }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

extension HTTPClientError {
    /// Failures a later attempt may not meet: nothing listening yet, a network hiccup, a
    /// collector too slow this time. Bad URLs and headers, malformed or oversized answers
    /// and a shut-down client fail the same way again.
    fileprivate var isTransient: Bool {
        switch self {
        case .unresolvableHost, .connectionRefused, .connectionFailed, .connectTimeout, .readTimeout, .deadlineExceeded,
             .connectionClosed:
            true
        case .invalidURL, .unsupportedMethod, .invalidHeader, .malformedResponse, .responseTooLarge, .shutDown:
            false
        }
    }
}
