import DeliveryMetrics
import Foundation

/// How figures read on a page: durations in the largest sensible unit, rates in percent.
public enum MetricFormatting {
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        switch seconds {
        case ..<3_600: return String(format: "%.0f min", seconds / 60)
        case ..<(2 * 86_400): return String(format: "%.1f h", seconds / 3_600)
        default: return String(format: "%.1f d", seconds / 86_400)
        }
    }

    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        return String(format: "%.1f%%", rate * 100)
    }

    public static func perDay(_ value: Double) -> String {
        if value >= 1 { return String(format: "%.1f/day", value) }
        if value * 7 >= 1 { return String(format: "%.1f/week", value * 7) }
        return String(format: "%.1f/month", value * 30)
    }

    /// `2026-03-01`.
    public static func day(_ date: Date) -> String { String(date.formatted(.iso8601).prefix(10)) }

    public static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
