import Foundation
import Testing

import SpanscopeHTTP
import SpanscopeTestSupport

/// Runs the system's `gzip` (another implementation of RFC 1952) on `input`, passed in a file.
private func systemGzip(_ arguments: [String], _ input: [UInt8]) async throws -> [UInt8] {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-gzip-\(UUID().uuidString)")
    try Data(input).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let gzip = try ChildProcess(path: "/bin/gzip", arguments: arguments + [file.path])
    let status = await gzip.exitStatus(timeout: .seconds(30))
    guard status == 0 else { throw GzipFailed(status: status, message: gzip.standardError) }
    return gzip.standardOutputBytes
}

private struct GzipFailed: Error, CustomStringConvertible {
    var status: Int32?
    var message: String
    var description: String { "gzip exited with \(status.map(String.init) ?? "a timeout"): \(message)" }
}

/// Deterministic bytes that do not compress: a xorshift sequence.
private func incompressible(_ count: Int) -> [UInt8] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

private let text = Array(String(repeating: #"{"name":"GET /api/orders/:id","kind":2},"#, count: 2000).utf8)

@Suite struct GzipTests {
    @Test(arguments: [0, 1, 1000, 300_000])
    func roundTripsAndIsReadByTheSystemGzip(count: Int) async throws {
        for original in [incompressible(count), Array(text.prefix(count))] {
            let compressed = Gzip.compress(original)
            #expect(compressed.prefix(3) == [0x1F, 0x8B, 0x08], "gzip magic and deflate method (RFC 1952 2.3.1)")
            #expect(try Gzip.decompress(compressed, maxDecompressedBytes: original.count) == original)
            #expect(try await systemGzip(["-dc"], compressed) == original)
        }
    }

    @Test func compressesRepetitiveText() {
        #expect(Gzip.compress(text).count < text.count / 20)
        #expect(Gzip.compress(text, level: 0).count > text.count, "level 0 stores the bytes")
    }

    @Test func decompressesTheSystemGzip() async throws {
        for level in ["-1", "-9"] {
            let compressed = try await systemGzip(["-c", level], text)
            #expect(try Gzip.decompress(compressed, maxDecompressedBytes: 1 << 20) == text)
        }
    }

    @Test func concatenatedMembersAreOneBody() throws {
        let first = Array("first part,".utf8), second = Array(" second part".utf8)
        let joined = Gzip.compress(first) + Gzip.compress(second)
        #expect(try Gzip.decompress(joined, maxDecompressedBytes: 100) == first + second)
    }

    @Test func theLimitIsInclusiveAndCountsAllMembers() throws {
        let compressed = Gzip.compress(text)
        #expect(try Gzip.decompress(compressed, maxDecompressedBytes: text.count).count == text.count)
        #expect(throws: GzipError.tooLarge(limit: text.count - 1)) {
            try Gzip.decompress(compressed, maxDecompressedBytes: text.count - 1)
        }
        #expect(throws: GzipError.tooLarge(limit: text.count)) {
            try Gzip.decompress(compressed + Gzip.compress([1]), maxDecompressedBytes: text.count)
        }
    }

    @Test func aBombStopsAtTheLimit() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 64 << 20), level: 9)
        #expect(bomb.count < 128 << 10)
        let error = #expect(throws: GzipError.self) { try Gzip.decompress(bomb, maxDecompressedBytes: 1 << 20) }
        #expect(error?.description == "the gzip body decompresses to more than 1048576 bytes")
    }

    @Test func truncatedInputIsRefused() throws {
        let compressed = Gzip.compress(incompressible(5000))
        for cut in [1, 4, 8, compressed.count / 2, compressed.count - 10] {
            #expect(throws: GzipError.truncated, "cut \(cut) bytes") {
                try Gzip.decompress(Array(compressed.dropLast(cut)), maxDecompressedBytes: 1 << 20)
            }
        }
        #expect(throws: GzipError.truncated) { try Gzip.decompress([], maxDecompressedBytes: 10) }
        #expect(throws: GzipError.truncated) { try Gzip.decompress([0x1F, 0x8B], maxDecompressedBytes: 10) }
    }

    @Test func corruptInputIsRefusedWithZlibsReason() throws {
        let plain = Array("this is not gzip at all".utf8)
        #expect(throws: GzipError.corrupt(reason: "incorrect header check")) {
            try Gzip.decompress(plain, maxDecompressedBytes: 1 << 20)
        }
        // A zlib (RFC 1950) stream is not a gzip stream: Content-Encoding gzip means RFC 1952.
        let zlibStream: [UInt8] = [0x78, 0x9C, 0x4B, 0x04, 0x00, 0x00, 0x62, 0x00, 0x62]
        #expect(throws: GzipError.self) { try Gzip.decompress(zlibStream, maxDecompressedBytes: 10) }

        var badChecksum = Gzip.compress(text)
        badChecksum[badChecksum.count - 8] ^= 0xFF // first byte of the CRC-32 trailer
        #expect(throws: GzipError.corrupt(reason: "incorrect data check")) {
            try Gzip.decompress(badChecksum, maxDecompressedBytes: 1 << 20)
        }
        var badLength = Gzip.compress(text)
        badLength[badLength.count - 1] ^= 0x01 // ISIZE, the length modulo 2^32
        #expect(throws: GzipError.corrupt(reason: "incorrect length check")) {
            try Gzip.decompress(badLength, maxDecompressedBytes: 1 << 20)
        }
        #expect(throws: GzipError.corrupt(reason: "incorrect header check")) {
            try Gzip.decompress(Gzip.compress(text) + plain, maxDecompressedBytes: 1 << 20)
        }
    }
}
