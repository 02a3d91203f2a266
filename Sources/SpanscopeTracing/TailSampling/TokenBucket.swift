
/// Tokens refilled continuously at a rate, holding at most one second's worth
/// (and at least one token, so rates below one a second still admit).
final class TokenBucket: Sendable {
    private let ratePerNanosecond: Double
    private let capacity: Double
    private let state: Locked<(tokens: Double, lastNanos: UInt64?)>

    init(ratePerSecond: Double) {
        let rate = max(ratePerSecond, 0)
        ratePerNanosecond = rate / 1e9
        capacity = max(rate, 1)
        state = Locked((capacity, nil))
    }

    func take(now: UInt64) -> Bool {
        state.withLock { state in
            if let last = state.lastNanos, now > last {
                state.tokens = min(capacity, state.tokens + Double(now - last) * ratePerNanosecond)
            }
            state.lastNanos = max(now, state.lastNanos ?? now)
            guard state.tokens >= 1 else { return false }
            state.tokens -= 1
            return true
        }
    }
}
