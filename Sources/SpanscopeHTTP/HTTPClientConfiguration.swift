import CLibevent

extension HTTPClient {
    /// Limits and defaults of an `HTTPClient`.
    ///
    /// ```swift
    /// var configuration = HTTPClient.Configuration()
    /// configuration.connectTimeout = .milliseconds(500)
    /// configuration.readTimeout = .seconds(10)
    /// configuration.defaultHeaders = ["User-Agent": "spanscope"]
    /// let client = HTTPClient(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// How long establishing a TCP connection may take.
        public var connectTimeout: Duration
        /// How long the connection may stay silent while a request is sent or its response read.
        /// An idle pooled connection is also closed after this long.
        public var readTimeout: Duration
        /// Idle keep-alive connections kept per host and port; more are closed.
        public var maxIdleConnectionsPerHost: Int
        /// A longer response body fails with `HTTPClientError.responseTooLarge`.
        public var maxResponseBodyBytes: Int
        /// Sent with every request that does not set the same name itself.
        public var defaultHeaders: HTTPHeaders

        public init(
            connectTimeout: Duration = .seconds(5),
            readTimeout: Duration = .seconds(30),
            maxIdleConnectionsPerHost: Int = 8,
            maxResponseBodyBytes: Int = 64 << 20,
            defaultHeaders: HTTPHeaders = [:]
        ) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maxIdleConnectionsPerHost = maxIdleConnectionsPerHost
            self.maxResponseBodyBytes = maxResponseBodyBytes
            self.defaultHeaders = defaultHeaders
        }
    }
}

extension timeval {
    /// libevent takes its timeouts as `timeval`.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
