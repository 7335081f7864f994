import Foundation
import ValueStreamModel

/// The calendar periods of trend series, in UTC.
public enum SeriesPeriod: String, Sendable, Codable, CaseIterable {
    /// ISO weeks, Monday to Monday.
    case week
    case month

    /// The consecutive periods that cover `window`: the first starts at or before `from`, the
    /// last ends at or after `to`.
    public func periods(covering window: DateWindow) -> [DateWindow] {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var start = startOfPeriod(containing: window.from, calendar: calendar)
        var result: [DateWindow] = []
        while start < window.to {
            let next: Date
            switch self {
            case .week: next = calendar.date(byAdding: .day, value: 7, to: start)!
            case .month: next = calendar.date(byAdding: .month, value: 1, to: start)!
            }
            result.append(DateWindow(from: start, to: next))
            start = next
        }
        return result
    }

    private func startOfPeriod(containing date: Date, calendar: Calendar) -> Date {
        switch self {
        case .week:
            let components = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            return calendar.date(from: components)!
        case .month:
            let components = calendar.dateComponents([.year, .month], from: date)
            return calendar.date(from: components)!
        }
    }
}
