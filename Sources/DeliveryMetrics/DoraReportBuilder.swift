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
        report(scope: scope, window: window, prepared: PreparedReportInput(input))
    }

    /// The same from an input prepared once for many windows (a series, the overview's trends).
    public func report(scope: MetricScope, window: DateWindow, prepared: PreparedReportInput) -> DoraReport {
        let inWindow = prepared.deployments(in: window)
        let blame = prepared.blame
        // One pass over the window's deployments for every figure they give (a busy service has
        // a thousand in 90 days, and tens of thousands of lead times).
        var tally = WindowTally()
        tally.sums.leadTimes.reserveCapacity(inWindow.reduce(0) { $1.succeeded ? $0 + $1.leadTimes.count : $0 })
        for deployment in inWindow { tally.add(deployment, blame: blame) }
        return report(scope: scope, window: window, tally: &tally, opened: prepared.incidents(openedIn: window), blame: blame)
    }

    /// The report of `scope` over `input.window`, from whole days summed at linking and the
    /// facts around them; equal to the report from every fact of the window.
    public func report(scope: MetricScope, summed input: WindowReportInput) -> DoraReport {
        let window = input.window
        let blame = IncidentBlame(attributions: input.attributions, incidents: input.incidents)
        var tally = WindowTally()
        tally.add(input.days)
        for deployment in input.edgeDeployments where window.contains(deployment.finishedAt)
            && !input.wholeDays.contains(DeploymentDay.day(of: deployment.finishedAt)) {
            tally.add(deployment, blame: blame)
        }
        // Inside the days, a deployment failed if it was rolled back or an incident is blamed on it.
        func onWholeDays(_ date: Date) -> Bool { window.contains(date) && input.wholeDays.contains(DeploymentDay.day(of: date)) }
        var rolledBack: Set<EventKey> = []
        for deployment in input.rolledBack where deployment.succeeded && onWholeDays(deployment.finishedAt)
            && rolledBack.insert(deployment.key).inserted {
            tally.countFailure(finishedAt: deployment.finishedAt, rolledBackAt: deployment.rolledBackAt, blamed: blame.incidents(blamedOn: deployment.key))
        }
        let services = Set(input.services)
        for (key, (cause, incidents)) in blame.blamedDeployments where !rolledBack.contains(key)
            && services.contains(cause.service) && onWholeDays(cause.deploymentFinishedAt) {
            tally.countFailure(finishedAt: cause.deploymentFinishedAt, rolledBackAt: nil, blamed: incidents)
        }
        // One window, read once: its incidents need no sorting to be found.
        let opened = input.incidents.filter { window.contains($0.openedAt) }
        return report(scope: scope, window: window, tally: &tally, opened: opened[...], blame: blame)
    }

    /// The report from what the window's deployments added up to and the incidents opened in it.
    private func report(
        scope: MetricScope, window: DateWindow, tally: inout WindowTally, opened: ArraySlice<Incident>, blame: IncidentBlame
    ) -> DoraReport {
        let sums = tally.sums
        let successes = sums.successes
        var quality = DataQuality()
        quality.negativeLeadTimesDropped = sums.negativeLeadTimes
        quality.unknownCommits = sums.unknownCommits
        quality.deploymentsWithoutLinkedChange = sums.withoutLinkedChange
        let failed = tally.failed, open = tally.open, rework = sums.rework
        let recoveryTimes = tally.recoveryTimes

        // Deployment frequency.
        let perDay = window.lengthInDays > 0 ? Double(successes) / window.lengthInDays : 0
        let frequency = DoraReport.DeploymentFrequency(
            count: successes, perDay: Self.rounded(perDay),
            failedAttempts: sums.failedAttempts,
            level: levels.deploymentFrequencyLevel(perDay: perDay)
        )

        // Lead time for changes.
        let leadPercentiles = tally.leadTimePercentiles([0.5, 0.85])
        let leadMedian = leadPercentiles[0]
        let leadTime = DoraReport.LeadTimeForChanges(
            changes: tally.leadTimeCount, p50Seconds: leadMedian,
            p85Seconds: leadPercentiles[1],
            level: levels.leadTimeLevel(medianSeconds: leadMedian)
        )

        // Change failure rate and recovery time.
        let failureRate = successes == 0 ? nil : Double(failed) / Double(successes)
        let changeFailure = DoraReport.ChangeFailureRate(
            failed: failed, deployments: successes, rate: failureRate.map(Self.rounded),
            level: levels.changeFailureRateLevel(rate: failureRate)
        )
        let recoveryMedian = Percentile.of(recoveryTimes, 0.5)
        let recovery = DoraReport.RecoveryTime(
            recovered: recoveryTimes.count, open: open, p50Seconds: recoveryMedian,
            level: levels.recoveryTimeLevel(medianSeconds: recoveryMedian), p85Seconds: Percentile.of(recoveryTimes, 0.85)
        )

        // Rework rate.
        let reworkRate = DoraReport.ReworkRate(
            rework: rework, deployments: successes,
            rate: successes == 0 ? nil : Self.rounded(Double(rework) / Double(successes))
        )

        // Incident time to restore, over incidents opened in the window.
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
            batchSize: DoraReport.BatchSize(p50Commits: tally.batchSizeMedian()),
            benchmark: levels.name, dataQuality: quality
        )
    }

    /// A successful deployment failed in production: an incident is blamed on it, or it was
    /// rolled back.
    static func isFailed(_ deployment: DeploymentFact, blamed incidents: [Incident]) -> Bool {
        isFailed(rolledBackAt: deployment.rolledBackAt, blamed: incidents)
    }

    static func isFailed(rolledBackAt: Date?, blamed incidents: [Incident]) -> Bool {
        !incidents.isEmpty || rolledBackAt != nil
    }

    /// How a failed deployment recovered: still `open` while an incident blamed on it is
    /// unresolved, else after the latest of its incidents' resolutions and its rollback;
    /// `nil` when that comes before the deployment (clock skew).
    enum Recovery { case open, recovered(Double) }

    static func recovery(of deployment: DeploymentFact, blamed incidents: [Incident]) -> Recovery? {
        recovery(finishedAt: deployment.finishedAt, rolledBackAt: deployment.rolledBackAt, blamed: incidents)
    }

    static func recovery(finishedAt: Date, rolledBackAt: Date?, blamed incidents: [Incident]) -> Recovery? {
        if incidents.contains(where: { $0.resolvedAt == nil }) { return .open }
        guard let recoveredAt = (incidents.compactMap(\.resolvedAt) + [rolledBackAt].compactMap { $0 }).max() else { return nil }
        let seconds = recoveredAt.timeIntervalSince(finishedAt)
        return seconds >= 0 ? .recovered(seconds) : nil
    }

    /// Rates and per-day figures are reported to four decimals.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

/// A report input sorted by time with its blame worked out, so that many windows read it
/// without repeating that work: each window finds its deployments and incidents by binary search.
public struct PreparedReportInput: Sendable {
    let deployments: [DeploymentFact]
    let incidents: [Incident]
    let blame: IncidentBlame

    public init(_ input: ReportInput) {
        // One service's facts come from the store in time order already: kept, not copied.
        deployments = Self.isSorted(input.deployments, at: \.finishedAt) ? input.deployments : input.deployments.sorted { $0.finishedAt < $1.finishedAt }
        incidents = Self.isSorted(input.incidents, at: \.openedAt) ? input.incidents : input.incidents.sorted { $0.openedAt < $1.openedAt }
        blame = IncidentBlame(input: input)
    }

    private static func isSorted<Element>(_ elements: [Element], at time: (Element) -> Date) -> Bool {
        elements.indices.dropFirst().allSatisfy { time(elements[$0 - 1]) <= time(elements[$0]) }
    }

    init(deployments: [DeploymentFact], incidents: [Incident], blame: IncidentBlame) {
        self.deployments = deployments
        self.incidents = incidents
        self.blame = blame
    }

    func deployments(in window: DateWindow) -> ArraySlice<DeploymentFact> {
        deployments[Self.range(of: deployments, in: window, at: \.finishedAt)]
    }

    func incidents(openedIn window: DateWindow) -> ArraySlice<Incident> {
        incidents[Self.range(of: incidents, in: window, at: \.openedAt)]
    }

    /// The positions whose time is in `window` (`from` inclusive, `to` exclusive, as
    /// `DateWindow.contains`), in an array sorted by that time.
    static func range<Element>(of sorted: [Element], in window: DateWindow, at time: (Element) -> Date) -> Range<Int> {
        func firstIndex(notBefore date: Date) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if time(sorted[middle]) < date { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let lower = firstIndex(notBefore: window.from)
        return lower..<max(lower, firstIndex(notBefore: window.to))
    }
}

/// Which incidents are blamed on which deployment, after choosing the best candidate of each.
/// Built for every report (a busy service's has a hundred incidents and their candidates): two
/// tables, each key hashed once per candidate or incident.
struct IncidentBlame: Sendable {
    /// Each incident's best candidate, and whether its incident is among those read.
    private var best: [EventKey: (candidate: AttributionCandidate, isBlamed: Bool)] = [:]
    /// Each deployment some incident is blamed on: the candidate that names it (its service and
    /// when it finished) and the incidents.
    private(set) var blamedDeployments: [EventKey: (cause: AttributionCandidate, incidents: [Incident])] = [:]

    init(input: ReportInput) {
        self.init(attributions: input.attributions, incidents: input.incidents)
    }

    init(attributions: [AttributionCandidate], incidents: [Incident]) {
        best.reserveCapacity(attributions.count)
        for candidate in attributions {
            if let current = best[candidate.incident], !candidate.isPreferred(over: current.candidate) { continue }
            best[candidate.incident] = (candidate, false)
        }
        for incident in incidents {
            guard let position = best.index(forKey: incident.key), !best.values[position].isBlamed else { continue }
            best.values[position].isBlamed = true
            let candidate = best.values[position].candidate
            blamedDeployments[candidate.deployment, default: (candidate, [])].incidents.append(incident)
        }
    }

    func incidents(blamedOn deployment: EventKey) -> [Incident] { blamedDeployments[deployment]?.incidents ?? [] }

    func method(of incident: EventKey) -> AttributionMethod? { best[incident]?.candidate.method }
}
