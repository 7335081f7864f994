import Foundation
import ValueStreamModel

/// What a window's deployments add up to on the way to a report: the sums of the facts counted
/// one by one and of the days counted whole (whose lead times and batch sizes stay apart, each
/// day's sorted, for the percentiles to select among), and the failures told apart by blame.
struct WindowTally {
    /// Every count; the values (lead times, batch sizes) of the facts counted one by one.
    var sums = DeploymentSums()
    private var leadTimeRuns = SortedRuns()
    private var batchSizeRuns = SortedRuns()
    private(set) var failed = 0
    private(set) var open = 0
    private(set) var recoveryTimes: [Double] = []

    /// Counts whole days in (once: their runs are kept as they are, not copied).
    mutating func add(_ days: SummedDays) {
        sums.addCounts(of: days.counts)
        leadTimeRuns = days.leadTimes
        batchSizeRuns = days.batchSizes
    }

    /// Counts one deployment of the window in, and, if it succeeded, whether it failed in
    /// production.
    mutating func add(_ deployment: DeploymentFact, blame: IncidentBlame) {
        sums.add(deployment)
        guard deployment.succeeded else { return }
        countFailure(finishedAt: deployment.finishedAt, rolledBackAt: deployment.rolledBackAt, blamed: blame.incidents(blamedOn: deployment.key))
    }

    /// Counts a successful deployment in if it failed in production.
    mutating func countFailure(finishedAt: Date, rolledBackAt: Date?, blamed incidents: [Incident]) {
        guard DoraReportBuilder.isFailed(rolledBackAt: rolledBackAt, blamed: incidents) else { return }
        failed += 1
        switch DoraReportBuilder.recovery(finishedAt: finishedAt, rolledBackAt: rolledBackAt, blamed: incidents) {
        case .open: open += 1
        case .recovered(let seconds): recoveryTimes.append(seconds)
        case .none: break
        }
    }

    var leadTimeCount: Int { leadTimeRuns.count + sums.leadTimes.count }

    /// Percentiles of every lead time: selected among the facts' own when no day was counted
    /// whole, else among the days' sorted runs and the facts' (sorted first; there are few).
    mutating func leadTimePercentiles(_ fractions: [Double]) -> [Double?] {
        if leadTimeRuns.isEmpty { return Percentile.of(selectingIn: &sums.leadTimes, fractions) }
        return Percentile.of(sortedRuns: leadTimeRuns, and: sums.leadTimes.sorted(), fractions)
    }

    func batchSizeMedian() -> Double? {
        if batchSizeRuns.isEmpty { return Percentile.of(sums.batchSizes, 0.5) }
        return Percentile.of(sortedRuns: batchSizeRuns, and: sums.batchSizes.sorted(), [0.5])[0]
    }
}
