import Foundation

/// The hand-checked history (Tests/Fixtures; StreamgaugeServerTests works out each figure of its
/// report), and the configuration that names its team.
enum Histories {
    static let handChecked: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/hand-checked-history.ndjson")
        return ((try? String(contentsOf: url, encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }()

    static let configuration = """
    services:
      - name: checkout
        team: payments
        repositories:
          - github.com/acme/checkout
    teams:
      - name: payments
        valueStream: commerce
    """
}
