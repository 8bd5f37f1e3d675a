import Entente
import EntenteFormats
import Foundation

/// A one-line progress bar on standard error: rows, MB/s and time left. It appears only on a terminal and only
/// once work has lasted a second, so short imports and piped output stay quiet.
final class ProgressBar {
    private let label: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let enabled = isatty(STDERR_FILENO) != 0

    init(label: String) { self.label = label }

    func update(_ progress: ReadProgress) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        guard elapsed > 1, now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        drawn = true
        let fraction = progress.totalBytes > 0 ? min(1, Double(progress.bytesRead) / Double(progress.totalBytes)) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = Double(progress.bytesRead) / elapsed / 1_000_000
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let line = String(format: "\r%@ %@ %3.0f%%  %d rows  %.1f MB/s  ETA %.0fs ", label, bar, fraction * 100,
                          progress.records, rate, remaining)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
