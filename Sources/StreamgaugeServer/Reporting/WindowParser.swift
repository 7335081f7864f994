import Foundation
import ValueStreamModel

/// Reads `from` / `to` as people write them: a date (`2026-01-01`, midnight UTC) or an RFC 3339
/// time. Without `to` the window ends now; without `from` it spans the 90 days before `to`.
public enum WindowParser {
    public static let defaultDays = 90

    public static func window(from: String?, to: String?, now: Date = Date()) throws -> DateWindow {
        let end = try to.map { try date($0, name: "to") } ?? now
        let start = try from.map { try date($0, name: "from") } ?? end.addingTimeInterval(-Double(defaultDays) * 86_400)
        guard start < end else {
            throw WindowError(field: "from", "`from` (\(RFC3339.string(from: start))) must be before `to` (\(RFC3339.string(from: end)))")
        }
        return DateWindow(from: start, to: end)
    }

    public static func date(_ text: String, name: String) throws -> Date {
        if let date = RFC3339.date(from: text) { return date }
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601), text.count == 10 { return day }
        throw WindowError(field: name, "`\(name)`: \"\(text)\" is neither a date (2026-01-31) nor an RFC 3339 time (2026-01-31T12:00:00Z)")
    }
}

/// A window that cannot be read.
public struct WindowError: Error, CustomStringConvertible, Sendable {
    /// `from` or `to`.
    public var field: String
    public var description: String

    init(field: String, _ description: String) {
        self.field = field
        self.description = description
    }
}

extension ScopeKind {
    /// Reads a scope kind as the API and the command line spell it (`value-stream` too).
    public init?(parameter: String) {
        switch parameter.lowercased() {
        case "service": self = .service
        case "team": self = .team
        case "valuestream", "value-stream", "value_stream": self = .valueStream
        case "organization", "organisation", "org": self = .organization
        default: return nil
        }
    }
}
