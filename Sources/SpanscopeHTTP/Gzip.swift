import CZlib

/// gzip (RFC 1952) for `Content-Encoding: gzip` bodies, on the system's zlib.
///
/// Decompression always takes a limit on the decompressed size: a few kilobytes of gzip
/// can inflate to gigabytes, so a server decompressing a request body must stop at a
/// bound of its choosing rather than at its memory's end. Concatenated gzip members
/// (which RFC 1952 allows) decompress as one body.
///
/// ```swift
/// let body = Gzip.compress(Array(#"{"resourceSpans":[]}"#.utf8))
/// let original = try Gzip.decompress(body, maxDecompressedBytes: 16 << 20)
/// ```
public enum Gzip {
    /// The gzip form of `bytes`. `level` runs from 0 (stored, no compression) to 9
    /// (smallest, slowest); zlib's default, 6, is a good trade for request bodies.
    public static func compress(_ bytes: [UInt8], level: Int = 6) -> [UInt8] {
        precondition((0...9).contains(level), "gzip level \(level) is not in 0...9")
        var stream = z_stream()
        let status = spanscope_deflate_init_gzip(&stream, Int32(level))
        // Fails only on bad parameters, which the precondition excludes, or without memory.
        precondition(status == Z_OK, "zlib deflateInit2 failed (\(status))")
        defer { deflateEnd(&stream) }
        // deflateBound counts the gzip header and trailer: one Z_FINISH pass always fits.
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        return [UInt8](unsafeUninitializedCapacity: bound) { output, written in
            bytes.withUnsafeBufferPointer { input in
                var inputOffset = 0
                var result = Z_OK
                while result != Z_STREAM_END {
                    inputOffset += feed(&stream, input, from: inputOffset)
                    let outputSlice = min(output.count - written, Int(UInt32.max))
                    stream.next_out = output.baseAddress! + written
                    stream.avail_out = uInt(outputSlice)
                    let isLastSlice = inputOffset == input.count
                    result = deflate(&stream, isLastSlice ? Z_FINISH : Z_NO_FLUSH)
                    written += outputSlice - Int(stream.avail_out)
                    precondition(result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR,
                                 "zlib deflate failed (\(result))")
                }
            }
        }
    }

    /// The bytes that `gzip` compressed, or `GzipError` when they exceed
    /// `maxDecompressedBytes`, end early, or are not gzip at all.
    public static func decompress(_ bytes: [UInt8], maxDecompressedBytes limit: Int) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        guard spanscope_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt(reason: "zlib could not start inflating") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: min(limit + 1, max(1024, bytes.count * 4)))
        var produced = 0
        try bytes.withUnsafeBufferPointer { (input) throws(GzipError) in
            var inputOffset = 0
            while true {
                inputOffset += feed(&stream, input, from: inputOffset)
                if produced == output.count {
                    // One byte past the limit is room enough to tell that the body exceeds it.
                    let grown = min(limit + 1, output.count * 2)
                    output.append(contentsOf: repeatElement(0, count: grown - output.count))
                }
                let result = output.withUnsafeMutableBufferPointer { output in
                    let outputSlice = min(output.count - produced, Int(UInt32.max))
                    stream.next_out = output.baseAddress! + produced
                    stream.avail_out = uInt(outputSlice)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    produced += outputSlice - Int(stream.avail_out)
                    return result
                }
                if produced > limit { throw .tooLarge(limit: limit) }
                let inputLeft = stream.avail_in > 0 || inputOffset < input.count
                switch result {
                case Z_OK:
                    continue
                case Z_STREAM_END where inputLeft:
                    // Another gzip member follows.
                    inflateReset(&stream)
                case Z_STREAM_END:
                    return
                case Z_BUF_ERROR where !inputLeft:
                    throw .truncated
                case Z_BUF_ERROR:
                    continue
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
                    throw .corrupt(reason: reason)
                }
            }
        }
        output.removeLast(output.count - produced)
        return output
    }

    /// Gives zlib the next slice of `input` when it has consumed the last (`avail_in` is
    /// 32 bits wide); returns how many bytes it handed over.
    private static func feed(_ stream: inout z_stream, _ input: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int {
        guard stream.avail_in == 0, offset < input.count else { return 0 }
        let slice = min(input.count - offset, Int(UInt32.max))
        stream.next_in = input.baseAddress! + offset
        stream.avail_in = uInt(slice)
        return slice
    }
}

/// Why `Gzip.decompress` refused a body.
///
/// ```swift
/// do {
///     body = try Gzip.decompress(request.body, maxDecompressedBytes: limit)
/// } catch .tooLarge {
///     throw HTTPError(.contentTooLarge, "the decompressed body exceeds \(limit) bytes")
/// }
/// ```
public enum GzipError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The decompressed bytes would exceed the limit the caller set.
    case tooLarge(limit: Int)
    /// The input ends before its gzip stream does (its trailer is missing, say).
    case truncated
    /// The input is not gzip, or its data or checksum is wrong (`reason` is zlib's).
    case corrupt(reason: String)

    public var description: String {
        switch self {
        case .tooLarge(let limit): "the gzip body decompresses to more than \(limit) bytes"
        case .truncated: "the gzip body ends before its end"
        case .corrupt(let reason): "the body is not valid gzip: \(reason)"
        }
    }
}
