import W3CTraceContext

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Trace and span IDs from one xoshiro256** per thread: no lock and no syscall per ID,
/// and no two threads ever touch the same generator.
enum IDGenerator {
    static func nextSpanID() -> SpanID {
        SpanID(integer: nonZero(&generator.pointee))
    }

    /// A new trace's ID, honouring the random flag: all 16 bytes random.
    static func nextTraceID() -> TraceID {
        let generator = generator
        let high = generator.pointee.next()
        return TraceID(high: high, low: nonZero(&generator.pointee))
    }

    /// The spec forbids all-zero IDs; for a trace-id a non-zero low half suffices.
    private static func nonZero(_ generator: inout Xoshiro256StarStar) -> UInt64 {
        var value = generator.next()
        while value == 0 { value = generator.next() }
        return value
    }

    /// The calling thread's generator, seeded on its first ID and freed when it exits.
    private static var generator: UnsafeMutablePointer<Xoshiro256StarStar> {
        if let existing = pthread_getspecific(threadKey) {
            return existing.assumingMemoryBound(to: Xoshiro256StarStar.self)
        }
        let fresh = UnsafeMutablePointer<Xoshiro256StarStar>.allocate(capacity: 1)
        fresh.initialize(to: Xoshiro256StarStar())
        pthread_setspecific(threadKey, fresh)
        return fresh
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, freeGenerator)
        return key
    }()
}

#if canImport(Darwin)
private func freeGenerator(_ pointer: UnsafeMutableRawPointer) {
    pointer.deallocate()
}
#else
private func freeGenerator(_ pointer: UnsafeMutableRawPointer?) {
    pointer?.deallocate()
}
#endif
