import Foundation

/// The shared fixtures (`../shared/fixtures` beside the repository), read in place.
enum Fixtures {
    static let root: URL = {
        var directory = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { directory.deleteLastPathComponent() }
        return directory.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(path))
    }

    static func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(directory).path)
            .filter { $0.hasSuffix(".json") }.sorted()
    }
}
