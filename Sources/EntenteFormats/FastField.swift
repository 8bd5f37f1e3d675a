#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EntenteCore
import Foundation

extension SourceColumn {
    var isYearlessCountry: Bool {
        if case .country(nil) = rule { true } else { false }
    }
}


/// Remembers how each (name, year) resolved during one file's read.
final class ResolutionCache {
    private struct Key: Hashable {
        var name: String
        var year: Int?
    }

    private var entries: [Key: NameResolution] = [:]

    func resolve(_ name: String, year: Int?, crosswalk: Crosswalk) -> NameResolution {
        let key = Key(name: name, year: year)
        if let known = entries[key] { return known }
        let resolution = crosswalk.resolve(name: name, year: year)
        entries[key] = resolution
        return resolution
    }
}

/// The common case of a field read straight from its bytes, with no string made: a plain integer, a plain
/// decimal number, ASCII text, or a missing value. Anything else returns `nil` and takes the general path,
/// which also produces the errors.
struct FastField {
    private enum Kind { case integer, real, text }
    private let kind: Kind
    private let missing: [[UInt8]]
    private let required: Bool

    init?(_ column: SourceColumn) {
        guard column.corrections.isEmpty else { return nil }
        switch column.rule {
        case .integer: kind = .integer
        case .real: kind = .real
        case .text: kind = .text
        default: return nil
        }
        missing = column.missing.map { Array($0.utf8) }
        required = column.required
    }

    func value(_ raw: UnsafeBufferPointer<UInt8>) -> FieldValue? {
        var start = 0, end = raw.count
        while start < end && (raw[start] == 0x20 || raw[start] == 0x09) { start += 1 }
        while end > start && (raw[end - 1] == 0x20 || raw[end - 1] == 0x09) { end -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: raw[start..<end])
        if bytes.isEmpty || missing.contains(where: { $0.elementsEqual(bytes) }) {
            return required ? nil : .null
        }
        switch kind {
        case .integer: return Self.integer(bytes).map(FieldValue.integer)
        case .real: return Self.real(bytes).map(FieldValue.real)
        case .text:
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x22 }) else { return nil }
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// An optionally signed run of ASCII digits.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.count < 19 else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        // Every row's ID and date go through here: eight digits at a time where there are eight.
        if bytes.count - index >= 8 {
            guard let eight = eightDigits(UnsafeRawPointer(bytes.baseAddress! + index)) else { return nil }
            value = Int64(eight)
            index += 8
        }
        while index < bytes.count {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// The value of the eight ASCII digits at `pointer`, or nil if any byte is not a digit: the bytes are
    /// checked and combined as one 64-bit word (pairs, then quadruples, then the whole), not one by one.
    @inline(__always)
    static func eightDigits(_ pointer: UnsafeRawPointer) -> UInt64? {
        let word = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
        // Each byte must be 0x30...0x39: its high nibble 3, and adding 6 must not carry out of the low nibble.
        guard word & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030,
              (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030 else { return nil }
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* (10 << 8 + 1)) >> 8 & 0x00FF_00FF_00FF_00FF
        value = (value &* (100 << 16 + 1)) >> 16 & 0x0000_FFFF_0000_FFFF
        return (value &* (10_000 << 32 + 1)) >> 32
    }

    /// A decimal number in plain or exponent notation, converted by the C library's correctly rounded `strtod`.
    static func real(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        var sawDigit = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
        }
        guard sawDigit else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            buffer[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard end == buffer.baseAddress! + bytes.count, value.isFinite else { return nil }
            return value
        }
    }
}
