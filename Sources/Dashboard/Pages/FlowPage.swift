import DeliveryMetrics
import Foundation
import ValueStreamModel

/// The value stream map page (`/flow?scope=…&name=…`): the map with its constraint, the flow
/// figures with Little's law beside the measured load, the cumulative flow diagram, the load
/// over time, the stage table and the pull request breakdown.
public struct FlowPage: Sendable {
    let renderer: PageRenderer

    public init(renderer: PageRenderer = PageRenderer()) {
        self.renderer = renderer
    }

    public func render(report: FlowReport, state: ViewState, now: Date) -> String {
        let scope = report.scope
        let name = scope.kind == .organization ? "the organisation" : scope.name
        var context = renderer.pageContext(title: "Value stream map", heading: "Value stream map · \(name)", state: state, path: "/flow", benchmark: "Flow Framework", now: now)
        func share(_ value: Double?) -> String { MetricFormatting.percent(value) }
        context["cards"] = [
            ["title": "Flow velocity", "value": "\(report.completed) done", "detail": MetricFormatting.perDay(report.throughputPerDay).replacingOccurrences(of: "/", with: " per ")],
            ["title": "Flow time (p50)", "value": MetricFormatting.duration(report.flowTime.p50Seconds), "detail": "p85 \(MetricFormatting.duration(report.flowTime.p85Seconds))"],
            ["title": "Flow efficiency", "value": share(report.flowEfficiency), "detail": "active time over flow time"],
            ["title": "Flow load (average)", "value": report.averageLoad.map { String(format: "%.1f", $0) } ?? "–",
             "detail": "Little's law: \(report.impliedLoad.map { String(format: "%.1f", $0) } ?? "–") (throughput × flow time)"],
            ["title": "Constraint", "value": report.constraint?.name ?? "–", "detail": report.constraint.map { "\(share($0.waitingShare)) of all waiting" } ?? "no waiting measured"],
        ]
        let done = max(report.completed, 1)
        context["distribution"] = WorkItemType.allCases.map { type -> [String: Any] in
            let count = report.distribution[type] ?? 0
            return ["type": type.rawValue, "count": count, "share": MetricFormatting.percent(Double(count) / Double(done))]
        }
        context["map"] = ValueStreamMapChart(report: report).svg()
        context["stages"] = report.stages.map { stage -> [String: Any] in
            [
                "name": stage.definition.name, "kind": stage.definition.isBacklog ? "backlog" : stage.definition.isDone ? "done" : stage.definition.kind.rawValue,
                "items": stage.time.count, "p50": MetricFormatting.duration(stage.time.p50Seconds), "p85": MetricFormatting.duration(stage.time.p85Seconds),
                "waiting": share(stage.waitingShare), "ca": share(stage.completeAndAccurate), "inProgress": stage.inProgress,
                "age": MetricFormatting.duration(stage.currentAgeP50Seconds), "constraint": report.constraint?.name == stage.definition.name,
            ]
        }
        let cfd = CumulativeFlowChart(report: report)
        context["cfd"] = cfd.svg()
        context["cfdLegend"] = cfd.legend()
        context["cfdTable"] = cfd.table()
        let load = TrendChart(
            title: "Flow load", labels: report.days.map { MetricFormatting.day($0.day) },
            series: [
                ChartSeries(name: "items in progress", values: report.days.map { Double($0.load) }, style: "series-a"),
                ChartSeries(name: "Little's law", values: report.days.map { _ in report.impliedLoad }, style: "series-b"),
            ], unit: .count, style: .lines
        )
        context["load"] = load.svg(width: 960, height: 220)
        context["loadTable"] = load.table()
        let pulls = report.pullRequests
        context["pulls"] = [("Coding (first commit to opened)", pulls.coding), ("Pickup (opened to first review)", pulls.pickup),
                            ("Review (first review to merged)", pulls.review), ("Merge to production", pulls.mergeToDeploy)].map { label, value in
            ["label": label, "count": value.count, "p50": MetricFormatting.duration(value.p50Seconds), "p85": MetricFormatting.duration(value.p85Seconds)]
        }
        return renderer.render("flow", context)
    }
}
