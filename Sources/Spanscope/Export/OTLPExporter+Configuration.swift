extension OTLPExporter {
    /// Where and how an `OTLPExporter` sends, set in code or read from the environment with
    /// `init(environment:logger:)`. The defaults are OpenTelemetry's.
    ///
    /// ```swift
    /// var configuration = OTLPExporter.Configuration(endpoint: "http://collector:4318/v1/traces")
    /// configuration.compression = .gzip
    /// configuration.headers.add("Authorization", "Bearer \(token)")
    /// let exporter = try OTLPExporter(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The full URL requests are posted to: the collector's `/v1/traces`. Only `http://`.
        public var endpoint: String
        public var `protocol`: OTLPProtocol
        public var compression: OTLPCompression
        /// Sent with every request (authentication, tenant); `Content-Type`, `Content-Encoding`
        /// and `User-Agent` are the exporter's own.
        public var headers: HTTPHeaders
        /// How long one request may take, connecting included (`OTEL_EXPORTER_OTLP_TIMEOUT`).
        public var timeout: Duration
        public var retry: RetryPolicy

        public init(
            endpoint: String = "http://localhost:4318/v1/traces",
            protocol: OTLPProtocol = .httpProtobuf,
            compression: OTLPCompression = .none,
            headers: HTTPHeaders = [:],
            timeout: Duration = .seconds(10),
            retry: RetryPolicy = RetryPolicy()
        ) {
            self.endpoint = endpoint
            self.protocol = `protocol`
            self.compression = compression
            self.headers = headers
            self.timeout = timeout
            self.retry = retry
        }
    }

    /// How an export waits between attempts after a retryable failure (429, 502, 503, 504, a
    /// connection failure or a timeout): exponentially longer, with jitter so that many
    /// processes do not retry in step, unless the collector's `Retry-After` names the wait.
    /// Retries stop when the next attempt would start past the export's deadline.
    ///
    /// ```swift
    /// let policy = OTLPExporter.RetryPolicy(initialBackoff: .milliseconds(500), maxBackoff: .seconds(5))
    /// ```
    public struct RetryPolicy: Sendable, Hashable {
        /// The wait before the first retry.
        public var initialBackoff: Duration
        /// No wait grows beyond this (a `Retry-After` may ask for longer).
        public var maxBackoff: Duration
        /// Each wait is the previous one times this.
        public var multiplier: Double
        /// Each wait is drawn from ±`jitter` of its nominal value (0.2: 80% to 120%).
        public var jitter: Double

        public init(
            initialBackoff: Duration = .seconds(1),
            maxBackoff: Duration = .seconds(5),
            multiplier: Double = 2,
            jitter: Double = 0.2
        ) {
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.multiplier = multiplier
            self.jitter = min(max(jitter, 0), 1)
        }

        /// The wait before retry number `retry` (0 for the first), jitter applied.
        func backoff(beforeRetry retry: Int) -> Duration {
            var nominal = initialBackoff
            for _ in 0..<retry where nominal < maxBackoff {
                nominal = nominal * multiplier
            }
            return min(nominal, maxBackoff) * Double.random(in: (1 - jitter)...(1 + jitter))
        }
    }
}
