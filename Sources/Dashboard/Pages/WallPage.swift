import DeliveryMetrics
import Foundation
import ValueStreamModel

/// The wall display (`/wall?team=…`): the five figures of one scope in large type on black, with
/// their trend, refreshing itself; no navigation.
public struct WallPage: Sendable {
    let renderer: PageRenderer
    public static let refreshSeconds = 60

    public init(renderer: PageRenderer = PageRenderer()) {
        self.renderer = renderer
    }

    public func render(trend: ScopeTrend, days: Int, now: Date) -> String {
        let scope = trend.report.scope
        return renderer.render("wall", [
            "name": scope.kind == .organization ? "Organisation" : scope.name, "days": days,
            "cards": DashboardMetric.all.map { PageRenderer.figure($0, trend) },
            "generatedAt": RFC3339.string(from: now), "refreshSeconds": Self.refreshSeconds,
        ])
    }
}

/// A README badge for one figure: `deployment frequency | 2.3/day`, coloured by level.
public enum Badge {
    public static func svg(metric: DashboardMetric, report: DoraReport) -> String {
        let label = HTML.escape(metric.title.replacingOccurrences(of: " (p50)", with: "").lowercased())
        let value = HTML.escape(metric.formatted(report))
        let colour = switch metric.level(report) {
        case .elite: "#0b6e4f"
        case .high: "#1d4ed8"
        case .medium: "#a35200"
        case .low: "#b00020"
        case nil: "#555"
        }
        // Widths from a 6.5 px average glyph of 11 px Verdana, as badges usually measure.
        let labelWidth = Int(Double(label.count) * 6.5) + 12, valueWidth = Int(Double(value.count) * 6.5) + 12
        let width = labelWidth + valueWidth
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" role="img" aria-label="\(label): \(value)">\
        <title>\(label): \(value)</title>\
        <rect width="\(labelWidth)" height="20" fill="#333"/><rect x="\(labelWidth)" width="\(valueWidth)" height="20" fill="\(colour)"/>\
        <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">\
        <text x="\(labelWidth / 2)" y="14">\(label)</text><text x="\(labelWidth + valueWidth / 2)" y="14">\(value)</text></g></svg>
        """
    }
}
