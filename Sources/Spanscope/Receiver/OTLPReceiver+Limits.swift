extension OTLPReceiver {
    /// Bounds on one export request. The server's own `maxBodyBytes` applies
    /// first; these answer with OTLP's `413` and a `Status` saying which bound.
    ///
    /// ```swift
    /// var limits = OTLPReceiver.Limits()
    /// limits.maxBodyBytes = 1 << 20
    /// let receiver = OTLPReceiver(store: store, limits: limits)
    /// ```
    public struct Limits: Sendable {
        /// The body as sent (compressed or not). The SDKs' default batch of 512 spans is well under 1 MiB.
        public var maxBodyBytes: Int
        /// The body as the decoder reads it, after gzip if any: bounds what a small
        /// compressed body may inflate to, and inflating stops there (a gzip bomb
        /// costs this much memory at most).
        public var maxDecompressedBytes: Int

        public init(maxBodyBytes: Int = 8 << 20, maxDecompressedBytes: Int = 16 << 20) {
            self.maxBodyBytes = maxBodyBytes
            self.maxDecompressedBytes = maxDecompressedBytes
        }
    }
}
