#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif
import Synchronization

/// A child started with posix_spawn, and this process's ends of the pipes it was given.
///
/// Not Foundation's `Process`: on Linux with Swift 6.3.1, `Process.run()` now and then
/// over-reads a `/proc/self/fd` entry while it closes descriptors and kills the whole
/// process with SIGSEGV (swift-corelibs-foundation pull request 5472), the more often the
/// more processes it starts. Every pipe here is close-on-exec, and made, handed over and
/// closed on this side under one lock, so that no other child started here inherits an end
/// and holds it open: its reader would wait for that child to end too, and a child whose
/// standard input another one holds would never see it close.
///
/// The owner reads the pipes (`PipeChunks`), closes them, and reaps the child
/// (`waitpid`, then `exitStatus(fromWaitStatus:)`).
///
/// ```swift
/// let child = try SpawnedProcess(path: "/bin/echo", arguments: ["hi"])
/// let line = PipeChunks(child.standardOutput).next() // "hi\n" as bytes
/// ```
public struct SpawnedProcess: Sendable {
    /// Where the child's standard error goes.
    public enum StandardError: Sendable {
        /// A pipe of its own, `standardError`.
        case piped
        case mergedIntoOutput
    }

    public struct SpawnFailed: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String { "cannot start \(path): \(String(cString: strerror(code)))" }
    }

    public let processIdentifier: pid_t
    /// The write end of the child's standard input, when it was asked for: closing it is
    /// how the child sees its input end, and the kernel closes it when this process dies.
    public let standardInput: Int32?
    /// The read end of the child's standard output.
    public let standardOutput: Int32
    /// The read end of the child's standard error, when it is piped on its own.
    public let standardError: Int32?

    private static let spawning = Mutex(())

    /// Starts `path` with `arguments` (argument 0 excluded); `environment` nil passes this
    /// process's on. Without `pipesStandardInput` the child shares this process's input.
    ///
    /// - Parameter inOwnProcessGroup: the child leads a process group of its own, so that
    ///   Ctrl-C in a terminal reaches this process alone, and starts with the default
    ///   SIGINT and SIGTERM actions and no signal blocked, whatever this process set.
    public init(
        path: String, arguments: [String], environment: [String: String]? = nil,
        pipesStandardInput: Bool = false, standardError: StandardError = .piped, inOwnProcessGroup: Bool = false
    ) throws(SpawnFailed) {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp ?? [] { free(pointer) }
        }
        self = try Self.spawning.withLock { _ throws(SpawnFailed) in
            var pipes: [(read: Int32, write: Int32)] = []
            func newPipe() throws(SpawnFailed) -> (read: Int32, write: Int32) {
                pipes.append(try Self.makePipe(path))
                return pipes[pipes.count - 1]
            }
            do throws(SpawnFailed) {
                let input = pipesStandardInput ? try newPipe() : nil
                let output = try newPipe()
                let error = standardError == .piped ? try newPipe() : nil
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                if let input { posix_spawn_file_actions_adddup2(&actions, input.read, 0) }
                posix_spawn_file_actions_adddup2(&actions, output.write, 1)
                posix_spawn_file_actions_adddup2(&actions, error?.write ?? output.write, 2)
                // Nothing else of this process (listening sockets, other children's pipes) goes along.
                _ = Self.addCloseFrom?(&actions, 3)
                var attributes = posix_spawnattr_t()
                posix_spawnattr_init(&attributes)
                defer { posix_spawnattr_destroy(&attributes) }
                if inOwnProcessGroup { Self.leadOwnGroup(&attributes) }
                var pid = pid_t()
                let result = envp.map { posix_spawn(&pid, path, &actions, &attributes, argv, $0) }
                    ?? posix_spawn(&pid, path, &actions, &attributes, argv, environ)
                guard result == 0 else { throw SpawnFailed(path: path, code: result) }
                // The child holds its ends now.
                for descriptor in [input?.read, output.write, error?.write].compactMap(\.self) { close(descriptor) }
                return SpawnedProcess(
                    processIdentifier: pid, standardInput: input?.write, standardOutput: output.read, standardError: error?.read
                )
            } catch {
                for ends in pipes {
                    close(ends.read)
                    close(ends.write)
                }
                throw error
            }
        }
    }

    private init(processIdentifier: pid_t, standardInput: Int32?, standardOutput: Int32, standardError: Int32?) {
        self.processIdentifier = processIdentifier
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The exit status in a status from `waitpid`: the child's exit code, or 128 plus the
    /// signal that ended it, as a shell says.
    ///
    /// ```swift
    /// SpawnedProcess.exitStatus(fromWaitStatus: 9) // 137: SIGKILL
    /// ```
    public static func exitStatus(fromWaitStatus raw: Int32) -> Int32 {
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }

    private static func leadOwnGroup(_ attributes: inout posix_spawnattr_t) {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        // This process may ignore these while it watches them; the child starts with the defaults.
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), a GNU extension
    /// that Swift's Glibc module does not import.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
        }

    /// A pipe whose ends are closed in every child but the one they are handed to. (Not
    /// atomic as pipe2 would be, which Swift's Glibc module does not import: the lock
    /// around every spawn here stands in for it.)
    private static func makePipe(_ path: String) throws(SpawnFailed) -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw SpawnFailed(path: path, code: errno) }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }
}
