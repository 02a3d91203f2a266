/// Lowercase hex, byte by byte: the W3C headers allow no other case, and the
/// hot paths (every inject, every extract) cannot afford `String(radix:)`.
enum Hex {
    @inline(__always)
    static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
    }

    /// The value of a lowercase hex digit; nil for anything else, uppercase included.
    @inline(__always)
    static func value(_ ascii: UInt8) -> UInt8? {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): ascii &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): ascii &- (UInt8(ascii: "a") &- 10)
        default: nil
        }
    }

    /// The value of a hex digit in either case, as percent-encoding and OTLP/JSON's IDs allow.
    static func valueIgnoringCase(_ ascii: UInt8) -> UInt8? {
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "F"): ascii &- (UInt8(ascii: "A") &- 10)
        default: value(ascii)
        }
    }

    /// Writes the 16 digits of `value` at `offset`.
    @inline(__always)
    static func write(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var shift: UInt64 = 60
        for index in offset..<offset + 16 {
            buffer[index] = digit(UInt8(truncatingIfNeeded: value >> shift) & 0x0F)
            shift &-= 4
        }
    }

    @inline(__always)
    static func write(_ byte: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        buffer[offset] = digit(byte >> 4)
        buffer[offset + 1] = digit(byte & 0x0F)
    }

    /// Reads `count` (at most 16) digits starting at `offset`.
    @inline(__always)
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int, count: Int) -> UInt64? {
        var result: UInt64 = 0
        for index in offset..<offset + count {
            guard let nibble = value(buffer[index]) else { return nil }
            result = result << 4 | UInt64(nibble)
        }
        return result
    }

    /// Reads 16 digits starting at `offset` (which must leave 16 bytes); nil if any is not
    /// a lowercase hex digit. The 64-bit IDs of `traceparent`, eight digits at a time.
    @inline(__always)
    static func read16(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64? {
        guard let high = read8(buffer, at: offset), let low = read8(buffer, at: offset + 8) else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    /// Eight digits tested and converted as one 64-bit word, a byte per digit, with no branch
    /// and no loop: half the time of the digit-by-digit loop on a traceparent's 48 ID digits.
    @inline(__always)
    private static func read8(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32? {
        precondition(offset >= 0 && offset + 8 <= buffer.count)
        let word = UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        let topBits: UInt64 = 0x8080_8080_8080_8080
        // Adding a constant to every byte at once compares each byte with a bound: a byte
        // below 0x80 cannot carry into its neighbour, and its bit 7 then holds the answer.
        let atLeast0 = word &+ 0x5050_5050_5050_5050  // byte >= "0" (0x30)
        let above9 = word &+ 0x4646_4646_4646_4646  // byte > "9" (0x39)
        let atLeastA = word &+ 0x1F1F_1F1F_1F1F_1F1F  // byte >= "a" (0x61)
        let aboveF = word &+ 0x1919_1919_1919_1919  // byte > "f" (0x66)
        let isDecimal = atLeast0 & ~above9 & topBits
        let isLetter = atLeastA & ~aboveF & topBits
        guard word & topBits == 0, isDecimal | isLetter == topBits else { return nil }
        // The low four bits are the value of "0"..."9", and 1...6 for "a"..."f", which 9 more makes 10...15.
        var nibbles = (word & 0x0F0F_0F0F_0F0F_0F0F) &+ (isLetter >> 7) &* 9
        // The first digit is in the lowest byte: fold neighbouring nibbles, bytes, then halves.
        nibbles = (nibbles << 4 | nibbles >> 8) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles << 8 | nibbles >> 16) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles << 16 | nibbles >> 32) & 0x0000_0000_FFFF_FFFF
        return UInt32(truncatingIfNeeded: nibbles)
    }

    static func string(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            write(value, into: buffer, at: 0)
            return 16
        }
    }

    static func string(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            write(high, into: buffer, at: 0)
            write(low, into: buffer, at: 16)
            return 32
        }
    }
}
