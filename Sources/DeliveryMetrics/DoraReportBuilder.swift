import Foundation
import ValueStreamModel

/// Sums linked facts up into a `DoraReport`, exactly as METRICS.md defines each figure.
public struct DoraReportBuilder: Sendable {
    public var levels: LevelTable

    public init(levels: LevelTable) {
        self.levels = levels
    }

    /// The report of `scope` over `window`. `input` may hold more than the window (a series
    /// passes one input for all its periods); only what falls in the window counts.
    public func report(scope: MetricScope, window: DateWindow, input: ReportInput) -> DoraReport {
        let inWindow = input.deployments.filter { window.contains($0.finishedAt) }
        let successes = inWindow.filter(\.succeeded)
        let blame = IncidentBlame(input: input)
        var quality = DataQuality()

        // Deployment frequency.
        let perDay = window.lengthInDays > 0 ? Double(successes.count) / window.lengthInDays : 0
        let frequency = DoraReport.DeploymentFrequency(
            count: successes.count, perDay: Self.rounded(perDay),
            failedAttempts: inWindow.count - successes.count,
            level: levels.deploymentFrequencyLevel(perDay: perDay)
        )

        // Lead time for changes and batch size.
        var leadTimes: [Double] = []
        var batchSizes: [Double] = []
        for deployment in successes {
            leadTimes.append(contentsOf: deployment.leadTimes)
            if !deployment.isFirst { batchSizes.append(Double(deployment.changeCount)) }
            quality.negativeLeadTimesDropped += deployment.negativeLeadTimes
            quality.unknownCommits += deployment.unknownCommits
            if !deployment.hasLinkedChange { quality.deploymentsWithoutLinkedChange += 1 }
        }
        leadTimes.sort()
        let leadMedian = Percentile.of(sorted: leadTimes, 0.5)
        let leadTime = DoraReport.LeadTimeForChanges(
            changes: leadTimes.count, p50Seconds: leadMedian,
            p85Seconds: Percentile.of(sorted: leadTimes, 0.85),
            level: levels.leadTimeLevel(medianSeconds: leadMedian)
        )

        // Change failure rate and recovery time.
        var failed = 0
        var open = 0
        var recoveryTimes: [Double] = []
        for deployment in successes {
            let incidents = blame.incidents(blamedOn: deployment.key)
            guard !incidents.isEmpty || deployment.rolledBackAt != nil else { continue }
            failed += 1
            if incidents.contains(where: { $0.resolvedAt == nil }) {
                open += 1
                continue
            }
            let recoveredAt = (incidents.compactMap(\.resolvedAt) + [deployment.rolledBackAt].compactMap { $0 }).max()!
            let recovery = recoveredAt.timeIntervalSince(deployment.finishedAt)
            if recovery >= 0 { recoveryTimes.append(recovery) }
        }
        let failureRate = successes.isEmpty ? nil : Double(failed) / Double(successes.count)
        let changeFailure = DoraReport.ChangeFailureRate(
            failed: failed, deployments: successes.count, rate: failureRate.map(Self.rounded),
            level: levels.changeFailureRateLevel(rate: failureRate)
        )
        let recoveryMedian = Percentile.of(recoveryTimes, 0.5)
        let recovery = DoraReport.RecoveryTime(
            recovered: recoveryTimes.count, open: open, p50Seconds: recoveryMedian,
            level: levels.recoveryTimeLevel(medianSeconds: recoveryMedian)
        )

        // Rework rate.
        let rework = successes.filter(\.isRework).count
        let reworkRate = DoraReport.ReworkRate(
            rework: rework, deployments: successes.count,
            rate: successes.isEmpty ? nil : Self.rounded(Double(rework) / Double(successes.count))
        )

        // Incident time to restore, over incidents opened in the window.
        let opened = input.incidents.filter { window.contains($0.openedAt) }
        var seen: Set<EventKey> = []
        var restoreTimes: [Double] = []
        for incident in opened where seen.insert(incident.key).inserted {
            if let method = blame.method(of: incident.key) {
                quality.attributionsByMethod[method, default: 0] += 1
            } else {
                quality.unattributedIncidents += 1
            }
            if let resolvedAt = incident.resolvedAt {
                restoreTimes.append(resolvedAt.timeIntervalSince(incident.openedAt))
            }
        }

        return DoraReport(
            scope: scope, window: window, deploymentFrequency: frequency, leadTimeForChanges: leadTime,
            changeFailureRate: changeFailure, failedDeploymentRecoveryTime: recovery,
            deploymentReworkRate: reworkRate,
            incidentTimeToRestore: DoraReport.TimeToRestore(
                incidents: seen.count, p50Seconds: Percentile.of(restoreTimes, 0.5)
            ),
            batchSize: DoraReport.BatchSize(p50Commits: Percentile.of(batchSizes, 0.5)),
            benchmark: levels.name, dataQuality: quality
        )
    }

    /// Rates and per-day figures are reported to four decimals.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

/// Which incidents are blamed on which deployment, after choosing the best candidate of each.
struct IncidentBlame {
    private var incidentsByDeployment: [EventKey: [Incident]] = [:]
    private var methodByIncident: [EventKey: AttributionMethod] = [:]

    init(input: ReportInput) {
        var best: [EventKey: AttributionCandidate] = [:]
        for candidate in input.attributions {
            if let current = best[candidate.incident], !candidate.isPreferred(over: current) { continue }
            best[candidate.incident] = candidate
        }
        var incidentByKey: [EventKey: Incident] = [:]
        for incident in input.incidents { incidentByKey[incident.key] = incident }
        for (incidentKey, candidate) in best {
            methodByIncident[incidentKey] = candidate.method
            guard let incident = incidentByKey[incidentKey] else { continue }
            incidentsByDeployment[candidate.deployment, default: []].append(incident)
        }
    }

    func incidents(blamedOn deployment: EventKey) -> [Incident] { incidentsByDeployment[deployment] ?? [] }

    func method(of incident: EventKey) -> AttributionMethod? { methodByIncident[incident] }
}
