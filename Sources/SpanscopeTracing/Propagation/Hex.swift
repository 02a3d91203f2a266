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
