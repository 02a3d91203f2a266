import Foundation

/// How an `HTTPServer` listens and what it tolerates. Every limit has a safe default.
///
/// ```swift
/// var configuration = ServerConfiguration(host: "0.0.0.0", port: 8080)
/// configuration.loopCount = 2
/// configuration.limits.maxBodyBytes = 1 << 20
/// ```
public struct ServerConfiguration: Sendable {
    /// An address or a name to bind (`127.0.0.1`, `0.0.0.0`, `::1`, `localhost`).
    public var host: String
    /// 0 picks a free port; `HTTPServer.port` tells which once started.
    public var port: Int
    /// Event loops, each a thread with its own SO_REUSEPORT listener; the kernel spreads
    /// connections among them and a connection stays on one. Default: the number of cores.
    public var loopCount: Int
    public var limits: Limits
    /// How long a graceful shutdown waits for in-flight requests.
    public var shutdownGracePeriod: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        loopCount: Int? = nil,
        limits: Limits = Limits(),
        shutdownGracePeriod: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.loopCount = max(1, loopCount ?? ProcessInfo.processInfo.activeProcessorCount)
        self.limits = limits
        self.shutdownGracePeriod = shutdownGracePeriod
    }

    /// Bounds on what one client may send and how slowly.
    public struct Limits: Sendable {
        /// The request line plus headers; beyond it a request is refused with 400
        /// (libevent 2.1 answers it before any of our code runs, and knows no 431).
        public var maxHeaderBytes: Int = 32 * 1024
        /// Beyond it a request is refused with 413.
        public var maxBodyBytes: Int = 8 * 1024 * 1024
        /// The longest a connection may stay silent while a request is due, including
        /// an idle keep-alive connection between requests.
        public var readTimeout: Duration = .seconds(30)
        /// The longest a connection may refuse to take response bytes.
        public var writeTimeout: Duration = .seconds(30)
        /// When false every response closes its connection.
        public var keepAlive: Bool = true

        public init() {}
    }
}
