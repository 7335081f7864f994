import DeliveryMetrics
import Foundation
import Mustache
import ValueStreamModel

/// Renders the pages from their templates. Knows no HTTP: the server routes, this writes strings.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    public init() {
        // The templates are part of the binary and fixed: once a test has rendered them, parsing
        // them cannot fail at run time.
        var library = MustacheLibrary()
        let templates: [(String, String)] = [
            ("head", LayoutTemplates.head), ("navigation", LayoutTemplates.navigation), ("picker", LayoutTemplates.picker),
            ("overview", PageTemplates.overview), ("row", PageTemplates.row), ("scope", PageTemplates.scope),
            ("dataQuality", PageTemplates.dataQuality), ("flow", PageTemplates.flow), ("experiments", PageTemplates.experiments),
            ("experiment", PageTemplates.experiment), ("iterations", PageTemplates.iterations), ("wall", PageTemplates.wall),
        ]
        for (name, text) in templates { try! library.register(text, named: name) }
        self.library = library
    }

    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    /// What the shared head, navigation and window picker read.
    func pageContext(title: String, heading: String, state: ViewState, path: String, benchmark: String, now: Date) -> [String: Any] {
        [
            "title": title, "heading": heading, "style": LayoutTemplates.style, "query": state.query,
            "windowText": "\(MetricFormatting.day(state.window.from)) – \(MetricFormatting.day(state.window.to))",
            "benchmark": benchmark, "picker": state.pickerContext(path: path, now: now), "period": state.period.rawValue,
        ]
    }

    /// One figure of a scope: value, level, trend and change, as cells and cards show it.
    static func figure(_ metric: DashboardMetric, _ trend: ScopeTrend, sparkline: Bool = true) -> [String: Any] {
        var cell: [String: Any] = ["title": metric.title, "value": metric.formatted(trend.report)]
        if let level = metric.level(trend.report) { cell["level"] = level.rawValue }
        if sparkline { cell["spark"] = Sparkline.svg(trend.series.map(metric.value), unit: metric.unit, label: metric.title) }
        if let change = metric.change(from: trend.previous, to: trend.report) {
            cell["change"] = change.text
            cell["trend"] = change.trend
        }
        return cell
    }
}
