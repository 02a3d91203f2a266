/// Lowercase hex, byte by byte: the W3C headers allow no other case, and the
/// hot paths (every inject, every extract) cannot afford `String(radix:)`.
enum Hex {
    @inline(__always)
    static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
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

    /// Reads `count` (at most 16) lowercase digits starting at `offset`; nil if any is not
    /// one (uppercase included).
    ///
    /// Every digit is read and a bad one only noted, with selects instead of branches: the
    /// loop unrolls into straight-line code, and a traceparent's digits nearly always are good.
    @inline(__always)
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int, count: Int) -> UInt64? {
        var result: UInt64 = 0
        var bad: UInt8 = 0
        for index in offset..<offset + count {
            let decimal = buffer[index] &- UInt8(ascii: "0")
            let letter = buffer[index] &- UInt8(ascii: "a")
            let notDecimal: UInt8 = decimal < 10 ? 0 : 1
            let notLetter: UInt8 = letter < 6 ? 0 : 1
            bad |= notDecimal & notLetter
            result = result << 4 | UInt64(notDecimal == 0 ? decimal : letter &+ 10)
        }
        return bad == 0 ? result : nil
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
