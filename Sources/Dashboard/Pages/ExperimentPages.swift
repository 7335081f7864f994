import DeliveryMetrics
import Foundation
import ValueStreamModel

/// The experiments: a list with each one's verdict, and one experiment's page with its
/// baseline, its window, the test's figures and the metric's weekly trend with the experiment
/// shaded.
public struct ExperimentPages: Sendable {
    let renderer: PageRenderer

    public init(renderer: PageRenderer = PageRenderer()) {
        self.renderer = renderer
    }

    public func list(_ experiments: [(Experiment, ExperimentVerdict?)], now: Date) -> String {
        var context = renderer.pageContext(title: "Experiments", heading: "Improvement experiments", state: ViewState(window: DateWindow.last(days: 90, endingAt: now)), path: "/experiments", benchmark: "5% significance", now: now)
        context["picker"] = nil
        context["rows"] = experiments.map { experiment, verdict in row(experiment, verdict, now: now) }
        return renderer.render("experiments", context)
    }

    /// `trend` is the metric's chart, when the scope's page draws one.
    public func detail(_ experiment: Experiment, verdict: ExperimentVerdict, trend: TrendChart?, now: Date) -> String {
        var context = renderer.pageContext(title: experiment.name, heading: "Experiment · \(experiment.name)", state: ViewState(window: verdict.window), path: "/experiments/\(experiment.id)", benchmark: "5% significance", now: now)
        context["picker"] = nil
        context["experiment"] = row(experiment, verdict, now: now)
        let unit = Self.unit(experiment.metric)
        let effect: String
        switch experiment.metric.kind {
        case .duration: effect = verdict.effect.map(Self.signed) ?? "–"
        case .rate: effect = verdict.effect.map { String(format: "%+.1f pts", $0 * 100) } ?? "–"
        case .count: effect = verdict.effect.map { String(format: "× %.2f", $0) } ?? "–"
        }
        let interval: String = verdict.interval.map { low, high in
            switch experiment.metric.kind {
            case .duration: "\(Self.signed(low)) to \(Self.signed(high))"
            case .rate: String(format: "%+.1f to %+.1f pts", low * 100, high * 100)
            case .count: String(format: "× %.2f to × %.2f", low, high)
            }
        } ?? "–"
        context["figures"] = [
            ["label": "Baseline window", "value": "\(MetricFormatting.day(verdict.baseline.from)) – \(MetricFormatting.day(verdict.baseline.to))"],
            ["label": "Experiment window", "value": "\(MetricFormatting.day(verdict.window.from)) – \(MetricFormatting.day(verdict.window.to))"],
            ["label": "Baseline \(Self.measure(experiment.metric))", "value": "\(unit.format(verdict.baselineValue)) (n = \(verdict.baselineSize))"],
            ["label": "Experiment \(Self.measure(experiment.metric))", "value": "\(unit.format(verdict.experimentValue)) (n = \(verdict.experimentSize))"],
            ["label": "Effect", "value": effect], ["label": "95% interval", "value": interval],
            ["label": "p-value", "value": verdict.pValue.map { String(format: "%.4g", $0) } ?? "–"], ["label": "Test", "value": verdict.test],
        ]
        if let trend {
            context["trend"] = ["svg": trend.svg(), "table": trend.table(), "title": trend.title]
        }
        return renderer.render("experiment", context)
    }

    func row(_ experiment: Experiment, _ verdict: ExperimentVerdict?, now: Date) -> [String: Any] {
        let scopePath = ScopeTrend.path(of: experiment.scope)
        var row: [String: Any] = [
            "id": experiment.id, "name": experiment.name, "hypothesis": experiment.hypothesis,
            "scope": experiment.scope.kind == .organization ? "organisation" : experiment.scope.name, "scopeHref": scopePath,
            "metric": experiment.metric.rawValue + (experiment.stage.map { " in \($0)" } ?? ""), "expected": experiment.expected.rawValue,
            "start": MetricFormatting.day(experiment.start), "end": experiment.end.map(MetricFormatting.day) ?? "running",
            "outcome": verdict?.outcome.rawValue ?? "not-enough-data", "explanation": verdict?.explanation ?? "",
            "status": experiment.closedAt == nil ? "open" : "closed",
        ]
        if let conclusion = experiment.conclusion { row["conclusion"] = conclusion }
        return row
    }

    /// A change of duration with its sign: `−24 min`, `+1.5 h`.
    static func signed(_ seconds: Double) -> String {
        (seconds < 0 ? "−" : "+") + MetricFormatting.duration(abs(seconds))
    }

    static func unit(_ metric: ExperimentMetric) -> ValueUnit {
        switch metric.kind {
        case .duration: .duration
        case .rate: .rate
        case .count: .perDay
        }
    }

    static func measure(_ metric: ExperimentMetric) -> String {
        switch metric.kind {
        case .duration: "median"
        case .rate: "rate"
        case .count: "per day"
        }
    }
}
