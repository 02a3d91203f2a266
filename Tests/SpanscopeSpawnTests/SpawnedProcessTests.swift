#if canImport(Glibc)
import Glibc
#endif
import SpanscopeSpawn
import Testing

/// Real children (`/bin/sh`, `/bin/cat`), read to the end of their pipes and reaped. Each
/// test closes the pipes it was given.
struct SpawnedProcessTests {
    @Test func standardOutputAndErrorArrivePipedApartWithTheExitStatus() throws {
        let child = try SpawnedProcess(path: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"])
        #expect(Self.readToEnd(child.standardOutput) == "out\n")
        #expect(Self.readToEnd(try #require(child.standardError)) == "err\n")
        #expect(Self.waitForExit(child) == 3)
        #expect(child.standardInput == nil)
    }

    @Test func mergedStandardErrorArrivesOnStandardOutput() throws {
        let child = try SpawnedProcess(
            path: "/bin/sh", arguments: ["-c", "echo out; echo err >&2"], standardError: .mergedIntoOutput
        )
        #expect(child.standardError == nil)
        #expect(Self.readToEnd(child.standardOutput) == "out\nerr\n")
        #expect(Self.waitForExit(child) == 0)
    }

    @Test func theChildSeesItsPipedInputEndWhenItIsClosed() throws {
        let child = try SpawnedProcess(path: "/bin/cat", arguments: [], pipesStandardInput: true, standardError: .mergedIntoOutput)
        let input = try #require(child.standardInput)
        let written = Array("to cat and back".utf8).withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
        #expect(written == 15)
        close(input)
        #expect(Self.readToEnd(child.standardOutput) == "to cat and back")
        #expect(Self.waitForExit(child) == 0)
    }

    @Test func theEnvironmentIsReplacedWhenGiven() throws {
        let child = try SpawnedProcess(
            path: "/bin/sh", arguments: ["-c", "echo \"$ONLY:$HOME\""], environment: ["ONLY": "this"], standardError: .mergedIntoOutput
        )
        #expect(Self.readToEnd(child.standardOutput) == "this:\n")
        #expect(Self.waitForExit(child) == 0)
    }

    @Test(arguments: [false, true])
    func aChildLeadsAProcessGroupOfItsOwnOnlyWhenAsked(ownGroup: Bool) throws {
        // The shell reports its group (the fifth field of its /proc stat line), then waits
        // for its input to end.
        let child = try SpawnedProcess(
            path: "/bin/sh", arguments: ["-c", "read -r _ _ _ _ group _ < /proc/$$/stat; echo $group; cat > /dev/null"],
            pipesStandardInput: true, standardError: .mergedIntoOutput, inOwnProcessGroup: ownGroup
        )
        let group = pid_t(Self.readLine(child.standardOutput)) ?? -1
        #expect(group == (ownGroup ? child.processIdentifier : getpgrp()))
        close(try #require(child.standardInput))
        _ = Self.readToEnd(child.standardOutput)
        #expect(Self.waitForExit(child) == 0)
    }

    @Test func aChildEndedByASignalReports128PlusTheSignal() throws {
        let child = try SpawnedProcess(path: "/bin/sh", arguments: ["-c", "kill -KILL $$"], standardError: .mergedIntoOutput)
        _ = Self.readToEnd(child.standardOutput)
        #expect(Self.waitForExit(child) == 128 + SIGKILL)
    }

    @Test func aMissingExecutableThrowsAnErrorNamingIt() {
        #expect {
            try SpawnedProcess(path: "/nonexistent/spanscope-child", arguments: [])
        } throws: { error in
            "\(error)" == "cannot start /nonexistent/spanscope-child: No such file or directory"
        }
    }

    private static func readToEnd(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        for chunk in PipeChunks(descriptor) { bytes += chunk }
        close(descriptor)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first line, read a byte at a time so that nothing after it is taken.
    private static func readLine(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func waitForExit(_ child: SpawnedProcess) -> Int32 {
        var raw: Int32 = 0
        while waitpid(child.processIdentifier, &raw, 0) < 0, errno == EINTR {}
        return SpawnedProcess.exitStatus(fromWaitStatus: raw)
    }
}
