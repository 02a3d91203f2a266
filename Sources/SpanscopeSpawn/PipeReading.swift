#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a child process's pipe with read(2), again whenever a signal interrupts it.
///
/// Foundation's `FileHandle` reads trap on EINTR ("Interrupted system call"), and this
/// process gets signals while it reads: SIGCHLD as scripts exit, and the ones the shutdown
/// tests send themselves. Blocking: call it on a thread of its own, never in a task.
public enum PipeReading {
    /// The next bytes the pipe has; empty at its end.
    public static func chunk(_ descriptor: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno != EINTR { return [] }
        }
    }
}
