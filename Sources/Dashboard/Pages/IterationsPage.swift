import DeliveryMetrics
import Foundation
import ValueStreamModel

/// An improvement programme's iterations (`/iterations?scope=team&name=…&start=…&days=3.5&count=12`):
/// a snapshot of the scope's figures per iteration, charted.
public struct IterationsPage: Sendable {
    let renderer: PageRenderer

    public init(renderer: PageRenderer = PageRenderer()) {
        self.renderer = renderer
    }

    public func render(scope: MetricScope, reports: [DoraReport], start: Date, days: Double, now: Date) -> String {
        let name = scope.kind == .organization ? "the organisation" : scope.name
        let window = DateWindow(from: start, to: reports.last?.window.to ?? start)
        var context = renderer.pageContext(title: "Iterations", heading: "Iterations · \(name)", state: ViewState(window: window), path: "/iterations", benchmark: reports.first?.benchmark ?? "", now: now)
        context["picker"] = nil
        context["hidden"] = scope.kind == .organization ? [] : [["name": "scope", "value": scope.kind == .valueStream ? "value-stream" : scope.kind.rawValue], ["name": "name", "value": scope.name]]
        context["start"] = MetricFormatting.day(start)
        context["days"] = days == days.rounded() ? String(Int(days)) : String(days)
        context["count"] = reports.count
        let trend = ScopeTrend(report: reports.last ?? reports[0], previous: reports.first ?? reports[0], series: reports)
        let labels = reports.indices.map { "\($0 + 1)" }
        context["charts"] = ScopePage(renderer: renderer).charts(trend).map { _, chart, _ -> [String: Any] in
            var chart = chart
            chart.labels = labels
            chart.title = "\(chart.title) by iteration"
            return ["title": chart.title, "svg": chart.svg(), "table": chart.table()]
        }
        return renderer.render("iterations", context)
    }
}
