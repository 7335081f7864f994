import Foundation

/// What an experiment means to change.
public enum ExperimentMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case leadTime = "lead-time"
    case recoveryTime = "recovery-time"
    case flowTime = "flow-time"
    case changeFailureRate = "change-failure-rate"
    case reworkRate = "rework-rate"
    case deploymentFrequency = "deployment-frequency"

    /// Which test compares its windows.
    public enum Kind: Sendable { case duration, rate, count }

    public var kind: Kind {
        switch self {
        case .leadTime, .recoveryTime, .flowTime: .duration
        case .changeFailureRate, .reworkRate: .rate
        case .deploymentFrequency: .count
        }
    }
}

/// Which way the hypothesis says the metric moves.
public enum ExpectedDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case decrease, increase
}

/// An improvement experiment (a Kaizen cycle): a hypothesis about one metric of one scope,
/// tested by comparing the experiment's window with a baseline of the same length just before.
public struct Experiment: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var hypothesis: String
    public var scope: MetricScope
    public var metric: ExperimentMetric
    /// A stage of the value stream map, when the metric is a stage's time (`metric` is then
    /// `flow-time` measured in that stage only).
    public var stage: String?
    public var expected: ExpectedDirection
    public var start: Date
    /// The end of the experiment's window; `nil` while it runs (the window ends now).
    public var end: Date?
    public var closedAt: Date?
    public var conclusion: String?
    public var createdAt: Date

    public init(
        id: String, name: String, hypothesis: String, scope: MetricScope, metric: ExperimentMetric, stage: String? = nil,
        expected: ExpectedDirection, start: Date, end: Date? = nil, closedAt: Date? = nil, conclusion: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.hypothesis = hypothesis
        self.scope = scope
        self.metric = metric
        self.stage = stage
        self.expected = expected
        self.start = start
        self.end = end
        self.closedAt = closedAt
        self.conclusion = conclusion
        self.createdAt = createdAt
    }

    /// A new experiment's id: `exp-` and eight random hex digits.
    public static func newId() -> String { "exp-" + UUID().uuidString.lowercased().prefix(8) }

    /// The experiment's window, ending now while it runs.
    public func window(now: Date) -> DateWindow { DateWindow(from: start, to: end ?? max(now, start)) }

    /// The baseline: the window of the same length just before the start.
    public func baseline(now: Date) -> DateWindow {
        let length = window(now: now).to.timeIntervalSince(start)
        return DateWindow(from: start.addingTimeInterval(-length), to: start)
    }
}
