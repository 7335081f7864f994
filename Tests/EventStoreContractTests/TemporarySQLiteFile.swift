import Foundation

/// A SQLite file path in a new directory of its own, for one test; `remove()` deletes it all.
struct TemporarySQLiteFile {
    let directory: URL
    var path: String { directory.appendingPathComponent("store.sqlite").path }

    init(_ label: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("streamgauge-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
