import Foundation

/// A progress line on a terminal (items, rate, and an ETA when the total is known); silent when
/// standard error is not a terminal, so pipes and logs stay clean.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private var total: Int?
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private let lock = NSLock()

    init(_ label: String, total: Int? = nil) {
        self.label = label
        self.total = total
    }

    func update(_ done: Int) {
        guard isTerminal else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        var text = "\r\(label): \(done)"
        if let total, total > 0 {
            let share = min(Double(done) / Double(total), 1)
            let width = 24
            let filled = Int(share * Double(width))
            text += "/\(total) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
            if rate > 0 { text += String(format: " ETA %.0fs", Double(total - done) / rate) }
        }
        text += String(format: " %.0f/s   ", rate)
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Sets the total once it is known (an ETA appears).
    func update(_ done: Int, of total: Int) {
        lock.lock()
        self.total = total
        lock.unlock()
        update(done)
    }

    func finish() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
