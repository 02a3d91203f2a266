public import Foundation

extension ClientResponse {
    /// How long the server asks the client to wait before trying again (RFC 9110 10.2.3),
    /// from `Retry-After` as delay-seconds (`120`) or as an IMF-fixdate (`Fri, 31 Dec 1999
    /// 23:59:59 GMT`, counted from `now`; a date already past is no wait). Nil when the header
    /// is absent or neither form: the caller then picks its own backoff.
    ///
    /// ```swift
    /// if response.status == .serviceUnavailable, let wait = response.retryAfter() {
    ///     try await Task.sleep(for: wait)
    /// }
    /// ```
    public func retryAfter(now: Date = Date()) -> Duration? {
        guard let value = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // More digits than an Int holds still mean "a very long time".
            return .seconds(Int(value) ?? Int.max)
        }
        guard let date = HTTPDate.parse(value) else { return nil }
        let seconds = Double(date) - now.timeIntervalSince1970
        return seconds > 0 ? .milliseconds(Int64(seconds * 1000)) : .zero
    }
}
