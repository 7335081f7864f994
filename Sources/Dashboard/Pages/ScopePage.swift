import DeliveryMetrics
import Foundation
import ValueStreamModel

/// A value stream's, team's or service's page: its figures, a trend chart of each (p50 and p85
/// for durations), the deployment timeline with failures, rollbacks and incidents, and the
/// distributions of lead times and batch sizes. Every chart has its table of values.
public struct ScopePage: Sendable {
    let renderer: PageRenderer

    public init(renderer: PageRenderer = PageRenderer()) {
        self.renderer = renderer
    }

    public func render(trend: ScopeTrend, timeline: DeploymentTimeline, services: [String], experiments: [Experiment] = [], state: ViewState, now: Date) -> String {
        let scope = trend.report.scope
        let kindName = scope.kind == .valueStream ? "value stream" : scope.kind.rawValue
        var context = renderer.pageContext(
            title: "\(scope.name) (\(kindName))", heading: "\(scope.name) · \(kindName)", state: state,
            path: trend.path, benchmark: trend.report.benchmark, now: now
        )
        let scopeParameter = scope.kind == .valueStream ? "value-stream" : scope.kind.rawValue
        context["kindName"] = kindName
        context["query"] = ViewState(window: state.window, period: state.period, parameters: [("scope", scopeParameter), ("name", scope.name)]).query
        context["wallQuery"] = "\(scopeParameter)=\(ViewState.encode(scope.name))"
        context["apiQuery"] = "scope=\(scope.kind.rawValue)&name=\(ViewState.encode(scope.name))&from=\(MetricFormatting.day(state.window.from))&to=\(MetricFormatting.day(state.window.to))"
        if scope.kind != .service, !services.isEmpty {
            context["services"] = ["list": services.map { ["name": $0, "href": "\(ScopeTrend.path(of: MetricScope(kind: .service, name: $0)))?\(state.query)"] }]
        }
        context["cards"] = DashboardMetric.all.map { PageRenderer.figure($0, trend, sparkline: false) }
        context["batchSize"] = MetricFormatting.number(trend.report.batchSize.p50Commits)
        let annotations = Self.annotations(experiments, periods: trend.series.map(\.window), now: now)
        context["charts"] = charts(trend).map { _, chart, legend -> [String: Any] in
            var chart = chart
            chart.annotations = annotations
            var entry: [String: Any] = ["title": chart.title, "svg": chart.svg(), "table": chart.table()]
            if let legend { entry["legend"] = legend }
            return entry
        }
        let timelineChart = TimelineChart(timeline: timeline)
        context["timeline"] = timelineChart.svg()
        context["timelineTable"] = timelineChart.table()
        let batchSizes = timeline.deployments.filter { $0.succeeded && !$0.isFirst }.map { Double($0.changeCount) }
        context["distributions"] = [
            Histogram(title: "Lead time distribution (\(timeline.leadTimes.count) changes)", buckets: Histogram.leadTimeBuckets, values: timeline.leadTimes).chart,
            Histogram(title: "Batch size: commits per deployment", buckets: Histogram.batchBuckets, values: batchSizes).chart,
        ].map { ["title": $0.title, "svg": $0.svg(), "table": $0.table()] }
        return renderer.render("scope", context)
    }

    /// The trend chart of the figure an experiment means to change, with the experiment shaded;
    /// `nil` for flow time, which a scope's charts do not draw.
    public func chart(for experiment: Experiment, trend: ScopeTrend, now: Date) -> TrendChart? {
        guard var chart = charts(trend).first(where: { $0.id == experiment.metric.rawValue })?.chart else { return nil }
        chart.annotations = Self.annotations([experiment], periods: trend.series.map(\.window), now: now)
        return chart
    }

    /// Experiments as shaded spans over the periods they cover.
    public static func annotations(_ experiments: [Experiment], periods: [DateWindow], now: Date) -> [ChartAnnotation] {
        experiments.compactMap { experiment in
            let window = experiment.window(now: now)
            guard let first = periods.firstIndex(where: { $0.to > window.from }), let last = periods.lastIndex(where: { $0.from < window.to }), first <= last else { return nil }
            return ChartAnnotation(label: "experiment: \(experiment.name)", periods: first...last)
        }
    }

    /// One chart per figure over the periods, each with the id of its figure (a
    /// `DashboardMetric` id, or `batch-size`) and its legend.
    public func charts(_ trend: ScopeTrend) -> [(id: String, chart: TrendChart, legend: String?)] {
        let labels = trend.labels
        let series = trend.series
        let percentiles = "<span><span class=\"swatch\" style=\"background:#1d4ed8\"></span>p50</span><span><span class=\"swatch\" style=\"background:#b45309\"></span>p85</span>"
        return [
            ("deployment-frequency", TrendChart(title: "Deployments", labels: labels, series: [
                ChartSeries(name: "deployments", values: series.map { Double($0.deploymentFrequency.count) }, style: "series-a"),
            ], unit: .count, style: .bars), nil),
            ("lead-time", TrendChart(title: "Lead time for changes", labels: labels, series: [
                ChartSeries(name: "p50", values: series.map(\.leadTimeForChanges.p50Seconds), style: "series-a"),
                ChartSeries(name: "p85", values: series.map(\.leadTimeForChanges.p85Seconds), style: "series-b"),
            ], unit: .duration, style: .lines), percentiles),
            ("change-failure-rate", TrendChart(title: "Change failure rate", labels: labels, series: [
                ChartSeries(name: "change failure rate", values: series.map(\.changeFailureRate.rate), style: "series-a"),
            ], unit: .rate, style: .lines), nil),
            ("recovery-time", TrendChart(title: "Failed deployment recovery time", labels: labels, series: [
                ChartSeries(name: "p50", values: series.map(\.failedDeploymentRecoveryTime.p50Seconds), style: "series-a"),
                ChartSeries(name: "p85", values: series.map(\.failedDeploymentRecoveryTime.p85Seconds), style: "series-b"),
            ], unit: .duration, style: .lines), percentiles),
            ("rework-rate", TrendChart(title: "Deployment rework rate", labels: labels, series: [
                ChartSeries(name: "rework rate", values: series.map(\.deploymentReworkRate.rate), style: "series-a"),
            ], unit: .rate, style: .lines), nil),
            ("batch-size", TrendChart(title: "Batch size (p50 commits per deployment)", labels: labels, series: [
                ChartSeries(name: "p50 commits", values: series.map(\.batchSize.p50Commits), style: "series-a"),
            ], unit: .count, style: .lines), nil),
        ]
    }
}
