/// A value that may cross threads but is only touched on one event loop's thread.
///
/// libevent's pointers are not thread-safe; this wrapper lets a task carry one
/// back to its loop. Invariant: `value` is dereferenced only on the owning loop's thread.
struct LoopBound<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
