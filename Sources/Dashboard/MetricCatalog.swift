import DeliveryMetrics
import Foundation
import ValueStreamModel

/// How a figure is shown: the unit decides formatting and axis labels.
public enum ValueUnit: Sendable {
    case duration, rate, count, perDay

    func format(_ value: Double?) -> String {
        switch self {
        case .duration: MetricFormatting.duration(value)
        case .rate: MetricFormatting.percent(value)
        case .count: MetricFormatting.number(value)
        case .perDay: value.map(MetricFormatting.perDay) ?? "–"
        }
    }
}

/// The DORA five as the pages show them: a name for URLs, a title, the headline value of a
/// report, its level, and which direction is better.
public struct DashboardMetric: Sendable {
    public let id: String
    public let title: String
    let unit: ValueUnit
    let higherIsBetter: Bool
    let value: @Sendable (DoraReport) -> Double?
    let level: @Sendable (DoraReport) -> PerformanceLevel?

    public static let all: [DashboardMetric] = [
        DashboardMetric(id: "deployment-frequency", title: "Deployment frequency", unit: .perDay, higherIsBetter: true,
                        value: { $0.deploymentFrequency.perDay }, level: { $0.deploymentFrequency.level }),
        DashboardMetric(id: "lead-time", title: "Lead time for changes (p50)", unit: .duration, higherIsBetter: false,
                        value: { $0.leadTimeForChanges.p50Seconds }, level: { $0.leadTimeForChanges.level }),
        DashboardMetric(id: "change-failure-rate", title: "Change failure rate", unit: .rate, higherIsBetter: false,
                        value: { $0.changeFailureRate.rate }, level: { $0.changeFailureRate.level }),
        DashboardMetric(id: "recovery-time", title: "Failed deployment recovery time (p50)", unit: .duration, higherIsBetter: false,
                        value: { $0.failedDeploymentRecoveryTime.p50Seconds }, level: { $0.failedDeploymentRecoveryTime.level }),
        DashboardMetric(id: "rework-rate", title: "Deployment rework rate", unit: .rate, higherIsBetter: false,
                        value: { $0.deploymentReworkRate.rate }, level: { _ in nil }),
    ]

    public static func named(_ id: String) -> DashboardMetric? { all.first { $0.id == id } }

    public func formatted(_ report: DoraReport) -> String { unit.format(value(report)) }

    /// The change from `previous` to `current`, with whether it is an improvement:
    /// `nil` when either has no value.
    func change(from previous: DoraReport, to current: DoraReport) -> (text: String, trend: String)? {
        guard let before = value(previous), let now = value(current) else { return nil }
        if before == now { return ("no change", "flat") }
        let better = (now > before) == higherIsBetter
        let arrow = now > before ? "▲" : "▼"
        let amount: String
        switch unit {
        case .rate: amount = String(format: "%.1f pts", abs(now - before) * 100)
        case .duration: amount = MetricFormatting.duration(abs(now - before))
        case .perDay, .count:
            amount = before > 0 ? String(format: "%.0f%%", abs(now - before) / before * 100) : unit.format(abs(now - before))
        }
        return ("\(arrow) \(amount)", better ? "better" : "worse")
    }
}
