#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that is only reached under a `pthread_mutex_t`: the one lock type of this target.
///
/// Why not `Synchronization.Mutex`: on Linux it waits in the kernel (a futex) when
/// contended, and ThreadSanitizer cannot see that hand-off, so every contended `Mutex`
/// shows up as a data race under `--sanitize=thread`. TSan intercepts the pthread calls,
/// so a pthread mutex is checked for real. Uncontended, both cost one atomic operation.
///
/// The mutex needs a stable address, which a stored property of a class or struct does
/// not promise; it lives in the tail of a `ManagedBuffer`, with the value as its header,
/// so the lock and the value are one allocation.
///
/// ```swift
/// let counter = Locked(0)
/// counter.withLock { $0 += 1 }
/// ```
///
/// Like `Mutex`, it is `Sendable` whatever the value: the value goes in and comes out as
/// `sending`, so no non-`Sendable` state is shared past the lock.
struct Locked<Value>: @unchecked Sendable {
    private let buffer: LockedBuffer<Value>

    init(_ value: sending Value) {
        buffer = LockedBuffer.make { value }
    }

    /// Runs `body` with the value while holding the lock. `body` must not take this lock
    /// again (the mutex is not recursive).
    func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try body(&buffer.value)
    }

    /// The value, locked for the length of one access. An accessor coroutine (`_modify`)
    /// cannot yield from inside `withLock`'s closure; through this it changes the value in
    /// place, e.g. `locked.value.items[key] = item`, with no copy. Nothing that takes the
    /// same lock may run during the access.
    var value: Value {
        _read { yield buffer.value }
        nonmutating _modify { yield &buffer.value }
    }
}

/// The value (header) and its mutex (the one tail element), in one allocation. `Locked`
/// wraps one; a class whose fields and lock should be one allocation (`SpanStorage`)
/// subclasses it instead.
class LockedBuffer<Value>: ManagedBuffer<Value, pthread_mutex_t> {
    /// An instance of the class it is called on, its mutex ready. The value is made in
    /// place by `makeValue`: returning a captured value would copy it once more.
    final class func make(_ makeValue: () -> Value) -> Self {
        let buffer = create(minimumCapacity: 1) { _ in makeValue() }
        buffer.withUnsafeMutablePointerToElements { mutex in
            mutex.initialize(to: pthread_mutex_t())
            let result = pthread_mutex_init(mutex, nil)
            precondition(result == 0, "pthread_mutex_init failed: \(result)")
        }
        // `create` is typed as the base class but allocates an instance of `self`.
        return unsafeDowncast(buffer, to: self)
    }

    /// Takes the lock and returns the value's address, stable for the buffer's lifetime.
    /// Every `lock()` must be followed by `unlock()` on the same thread. For an accessor
    /// whose nested `value` access would cost a heap-allocated coroutine frame.
    final func lock() -> UnsafeMutablePointer<Value> {
        withUnsafeMutablePointers { value, mutex in
            pthread_mutex_lock(mutex)
            return value
        }
    }

    /// The value, locked for the length of one access (see `Locked.value`).
    final var value: Value {
        _read {
            let value = lock()
            defer { unlock() }
            yield value.pointee
        }
        _modify {
            let value = lock()
            defer { unlock() }
            yield &value.pointee
        }
    }

    final func unlock() {
        withUnsafeMutablePointerToElements { mutex in _ = pthread_mutex_unlock(mutex) }
    }

    deinit {
        // The header (the value) is destroyed by ManagedBuffer itself; the element is ours.
        withUnsafeMutablePointerToElements { mutex in
            pthread_mutex_destroy(mutex)
            mutex.deinitialize(count: 1)
        }
    }
}
