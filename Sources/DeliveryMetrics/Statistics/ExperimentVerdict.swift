import Foundation
import ValueStreamModel

/// What the numbers say of an experiment: its window against the baseline, with the test that
/// fits the metric (Mann-Whitney and a bootstrap interval for durations, two proportions for
/// rates, Poisson rates for counts), at a 5% significance level.
public struct ExperimentVerdict: Sendable {
    public enum Outcome: String, Sendable {
        /// The metric moved the way the hypothesis said, significantly.
        case improved
        /// It moved the other way, significantly.
        case worsened
        case noSignificantChange = "no-significant-change"
        case notEnoughData = "not-enough-data"
    }

    public var baseline: DateWindow
    public var window: DateWindow
    public var test: String
    public var baselineSize: Int
    public var experimentSize: Int
    /// The figure in each window: the median duration, the rate, or the count per day.
    public var baselineValue: Double?
    public var experimentValue: Double?
    /// Experiment minus baseline (durations, rates) or experiment over baseline (counts).
    public var effect: Double?
    public var interval: (low: Double, high: Double)?
    public var pValue: Double?
    public var outcome: Outcome
    public var explanation: String

    public static let significance = 0.05
    /// The least data a window needs before a test is run: durations and count events per window,
    /// deployments per window for rates.
    public static let minimumDurations = 5
    public static let minimumTrials = 10
    public static let minimumEvents = 5
}

/// The samples of one window: durations, or events out of trials, or a count over days.
public struct ExperimentSample: Sendable {
    public var durations: [Double] = []
    public var events = 0
    public var trials = 0
    public var days = 0.0

    public init(durations: [Double] = [], events: Int = 0, trials: Int = 0, days: Double = 0) {
        self.durations = durations
        self.events = events
        self.trials = trials
        self.days = days
    }
}

extension ExperimentVerdict {
    public static func judge(
        _ metric: ExperimentMetric, expected: ExpectedDirection, baseline: ExperimentSample, experiment: ExperimentSample,
        baselineWindow: DateWindow, window: DateWindow
    ) -> ExperimentVerdict {
        var verdict = ExperimentVerdict(
            baseline: baselineWindow, window: window, test: "", baselineSize: 0, experimentSize: 0,
            outcome: .notEnoughData, explanation: ""
        )
        let direction: Double
        switch metric.kind {
        case .duration:
            verdict.test = "Mann-Whitney U (two-sided), bootstrap 95% interval of the change in median"
            verdict.baselineSize = baseline.durations.count
            verdict.experimentSize = experiment.durations.count
            verdict.baselineValue = Percentile.of(baseline.durations, 0.5)
            verdict.experimentValue = Percentile.of(experiment.durations, 0.5)
            guard min(baseline.durations.count, experiment.durations.count) >= minimumDurations else {
                verdict.explanation = "not enough data: each window needs \(minimumDurations) values (baseline \(baseline.durations.count), experiment \(experiment.durations.count))"
                return verdict
            }
            verdict.effect = verdict.experimentValue! - verdict.baselineValue!
            verdict.interval = MedianBootstrap.interval(baseline.durations, experiment.durations)
            verdict.pValue = MannWhitney.test(baseline.durations, experiment.durations)?.pValue
            direction = verdict.effect!
        case .rate:
            verdict.test = "two-proportion z-test (two-sided), Wald 95% interval of the difference"
            verdict.baselineSize = baseline.trials
            verdict.experimentSize = experiment.trials
            let p1 = baseline.trials > 0 ? Double(baseline.events) / Double(baseline.trials) : nil
            let p2 = experiment.trials > 0 ? Double(experiment.events) / Double(experiment.trials) : nil
            verdict.baselineValue = p1
            verdict.experimentValue = p2
            guard let p1, let p2, min(baseline.trials, experiment.trials) >= minimumTrials else {
                verdict.explanation = "not enough data: each window needs \(minimumTrials) deployments (baseline \(baseline.trials), experiment \(experiment.trials))"
                return verdict
            }
            verdict.effect = p2 - p1
            let spread = 1.959964 * (p1 * (1 - p1) / Double(baseline.trials) + p2 * (1 - p2) / Double(experiment.trials)).squareRoot()
            verdict.interval = (p2 - p1 - spread, p2 - p1 + spread)
            verdict.pValue = TwoProportions.test(events: baseline.events, of: baseline.trials, events: experiment.events, of: experiment.trials)?.pValue
            direction = p2 - p1
        case .count:
            verdict.test = "Poisson rate comparison (exact conditional binomial, two-sided)"
            verdict.baselineSize = baseline.events
            verdict.experimentSize = experiment.events
            let r1 = baseline.days > 0 ? Double(baseline.events) / baseline.days : nil
            let r2 = experiment.days > 0 ? Double(experiment.events) / experiment.days : nil
            verdict.baselineValue = r1
            verdict.experimentValue = r2
            guard let r1, let r2, baseline.events + experiment.events >= minimumEvents else {
                verdict.explanation = "not enough data: the two windows need \(minimumEvents) events together (\(baseline.events + experiment.events))"
                return verdict
            }
            if r1 > 0 {
                verdict.effect = r2 / r1
                if baseline.events > 0 && experiment.events > 0 {
                    let spread = 1.959964 * (1 / Double(baseline.events) + 1 / Double(experiment.events)).squareRoot()
                    verdict.interval = (verdict.effect! * exp(-spread), verdict.effect! * exp(spread))
                }
            }
            verdict.pValue = PoissonRates.test(count: baseline.events, days: baseline.days, count: experiment.events, days: experiment.days)?.pValue
            direction = r2 - r1
        }
        guard let p = verdict.pValue else { return verdict }
        if p < significance && direction != 0 {
            let movedAsExpected = (direction < 0) == (expected == .decrease)
            verdict.outcome = movedAsExpected ? .improved : .worsened
            verdict.explanation = movedAsExpected
                ? "the metric moved as the hypothesis expected (p = \(String(format: "%.3g", p)))"
                : "the metric moved against the hypothesis (p = \(String(format: "%.3g", p)))"
        } else {
            verdict.outcome = .noSignificantChange
            verdict.explanation = "no significant change at the 5% level (p = \(String(format: "%.3g", p)))"
        }
        return verdict
    }
}
