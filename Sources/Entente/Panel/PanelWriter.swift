import EntenteCore
import Foundation

/// Writes a panel as CSV (keys first, then covariates; missing values empty). Blocks of rows are formatted on
/// all cores and written in order.
public enum PanelWriter {
    /// Rows formatted by one task.
    static let blockRows = 8192
    /// Blocks formatted before they are written, bounding the memory held.
    static let batchBlocks = 16

    /// Writes `panel` to `handle`.
    public static func writeCSV(_ panel: DyadYearPanel, to handle: FileHandle) throws {
        try handle.write(contentsOf: Array(((panel.keyNames + panel.columns.map(\.name)).joined(separator: ",") + "\n").utf8))
        let blocks = (panel.count + blockRows - 1) / blockRows
        for first in stride(from: 0, to: blocks, by: batchBlocks) {
            let count = min(batchBlocks, blocks - first)
            var texts = [[UInt8]](repeating: [], count: count)
            texts.withUnsafeMutableBufferPointer { buffer in
                // Iteration i writes only texts[i].
                let slots = DisjointSlots(buffer)
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    let start = (first + index) * blockRows
                    slots[index] = format(panel, rows: start..<min(start + blockRows, panel.count))
                }
            }
            for text in texts { try handle.write(contentsOf: text) }
        }
    }

    /// The CSV lines of `rows`.
    static func format(_ panel: DyadYearPanel, rows: Range<Int>) -> [UInt8] {
        let columns = panel.columns.map(\.values)
        let whole = panel.columns.map { $0.kind == .integer }
        // Recently formatted reals per column: a state's CINC or polyarchy repeats down its rows, and shares of
        // few roll calls repeat everywhere.
        var recent = panel.columns.map { $0.kind == .real ? RecentText() : nil }
        // A key is at most 11 bytes, a cell at most 24, each with its separator.
        let capacity = rows.count * (3 * 12 + columns.count * 25 + 1)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, length in
            var out = buffer.baseAddress!
            for row in rows {
                out = write(Int(panel.ccode1[row]), to: out)
                out.pointee = 0x2C
                out = write(Int(panel.ccode2[row]), to: out + 1)
                out.pointee = 0x2C
                out = write(Int(panel.year[row]), to: out + 1)
                for column in columns.indices {
                    out.pointee = 0x2C
                    out += 1
                    let value = columns[column][row]
                    guard !value.isNaN else { continue }
                    if whole[column], let integer = Int(exactly: value) {
                        out = write(integer, to: out)
                    } else if recent[column] != nil {
                        out = recent[column]!.write(value, to: out)
                    } else {
                        out = writeDescription(value, to: out)
                    }
                }
                out.pointee = 0x0A
                out += 1
            }
            length = out - buffer.baseAddress!
        }
    }

    /// Writes the decimal digits of `number`, returning the position after them.
    @inline(__always)
    static func write(_ number: Int, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        if number >= 0 && number < 10 {
            out.pointee = UInt8(48 + number)
            return out + 1
        }
        var start = out
        if number < 0 { start.pointee = 0x2D; start += 1 }
        var magnitude = number.magnitude, end = start
        repeat { end += 1; magnitude /= 10 } while magnitude > 0
        magnitude = number.magnitude
        var digit = end
        repeat {
            digit -= 1
            digit.pointee = UInt8(48 + magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return end
    }

    /// Writes `value.description` (the shortest text that reads back as `value`).
    static func writeDescription(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var text = value.description
        return text.withUTF8 { bytes in
            out.update(from: bytes.baseAddress!, count: bytes.count)
            return out + bytes.count
        }
    }

    /// A direct-mapped cache of `description` texts by bit pattern.
    struct RecentText {
        static let slots = 1024
        static let width = 24
        private var keys = [UInt64](repeating: Double.nan.bitPattern, count: slots)
        private var lengths = [Int](repeating: 0, count: slots)
        private var bytes = [UInt8](repeating: 0, count: slots * width)

        /// Writes `value.description`, from the cache when it holds it.
        @inline(__always)
        mutating func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
            let key = value.bitPattern
            let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54)
            if keys[slot] != key {
                let end = PanelWriter.writeDescription(value, to: out)
                keys[slot] = key
                lengths[slot] = end - out
                bytes.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: slot * Self.width).update(from: out, count: end - out) }
                return end
            }
            bytes.withUnsafeBufferPointer { out.update(from: $0.baseAddress!.advanced(by: slot * Self.width), count: lengths[slot]) }
            return out + lengths[slot]
        }
    }
}
