import EntenteCore
import Foundation

/// Writes a panel as CSV (keys first, then covariates; missing values empty), streaming in large blocks.
public enum PanelWriter {
    /// Writes `panel` to `handle`.
    public static func writeCSV(_ panel: DyadYearPanel, to handle: FileHandle) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func flush() throws {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        buffer += Array((["ccode1", "ccode2", "year"] + panel.columns.map(\.name)).joined(separator: ",").utf8)
        buffer.append(0x0A)
        for row in 0..<panel.count {
            append(Int(panel.ccode1[row]), to: &buffer)
            buffer.append(0x2C)
            append(Int(panel.ccode2[row]), to: &buffer)
            buffer.append(0x2C)
            append(Int(panel.year[row]), to: &buffer)
            for column in panel.columns {
                buffer.append(0x2C)
                let value = column.values[row]
                guard !value.isNaN else { continue }
                if column.kind == .integer, let whole = Int(exactly: value) {
                    append(whole, to: &buffer)
                } else {
                    buffer += Array(value.description.utf8)
                }
            }
            buffer.append(0x0A)
            if buffer.count > 1 << 20 { try flush() }
        }
        try flush()
    }

    @inline(__always)
    private static func append(_ number: Int, to buffer: inout [UInt8]) {
        if number < 0 {
            buffer.append(0x2D)
            append(-number, to: &buffer)
            return
        }
        if number >= 10 { append(number / 10, to: &buffer) }
        buffer.append(UInt8(48 + number % 10))
    }
}
