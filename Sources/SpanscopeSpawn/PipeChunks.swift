#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes a child process writes to a pipe, chunk by chunk until its end, read with
/// read(2) into one buffer and again whenever a signal interrupts a read.
///
/// Foundation's `FileHandle` reads trap on EINTR ("Interrupted system call"), and a process
/// that starts children gets signals while it reads: SIGCHLD as they exit, and the ones it
/// sends them. Blocking: iterate on a thread of its own, never in a task.
///
/// ```swift
/// var output: [UInt8] = []
/// for chunk in PipeChunks(child.standardOutput) { output += chunk }
/// ```
public struct PipeChunks: Sequence, IteratorProtocol {
    private let descriptor: Int32
    /// Reused by every read: a chunk kept past the next read is copied then, not before.
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    public init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next bytes the pipe has; nil at its end, or when it cannot be read.
    public mutating func next() -> ArraySlice<UInt8>? {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { return buffer[..<count] }
            if count == 0 || errno != EINTR { return nil }
        }
    }
}
