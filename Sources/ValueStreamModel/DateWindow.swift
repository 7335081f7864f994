import Foundation

/// A half-open time window `[from, to)` in UTC.
public struct DateWindow: Sendable, Hashable, Codable {
    public var from: Date
    public var to: Date

    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    public func contains(_ date: Date) -> Bool { date >= from && date < to }

    public var lengthInDays: Double { to.timeIntervalSince(from) / 86_400 }

    /// The `days` days that end at `end` (exclusive).
    public static func last(days: Int, endingAt end: Date) -> DateWindow {
        DateWindow(from: end.addingTimeInterval(-Double(days) * 86_400), to: end)
    }
}
