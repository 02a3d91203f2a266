import CLibevent

extension Duration {
    /// The duration as libevent takes it.
    var timeval: CLibevent.timeval {
        let (seconds, attoseconds) = components
        return CLibevent.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
