import Foundation

/// Reading and writing RFC 3339 times, the one time format of the native events.
public enum RFC3339 {
    /// Parses `2026-03-01T12:00:00Z`, with an offset or a fraction of a second; `nil` otherwise.
    public static func date(from text: String) -> Date? {
        guard text.count >= 20, text.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: fractional) { return date }
        return nil
    }

    /// `2026-03-01T12:00:00Z`; fractions of a second are kept only when there are some.
    public static func string(from date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        if date.timeIntervalSince1970 == whole {
            return date.formatted(.iso8601)
        }
        return date.formatted(fractional)
    }

    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
