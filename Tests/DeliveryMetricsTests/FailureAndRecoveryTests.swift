import DeliveryMetrics
import Testing
import ValueStreamModel

@Suite("Incident attribution, change failure, recovery and rework (METRICS.md)")
struct FailureAndRecoveryTests {
    let window = (from: "2026-03-01T00:00:00Z", to: "2026-03-10T00:00:00Z")

    @Test func explicitCauseFailsTheNamedDeployment() {
        let builder = straightHistory()
        builder.incident("i1", opened: "2026-03-05T09:00:00Z", resolved: "2026-03-05T10:00:00Z", cause: .deployment(id: "d1"))
        let links = builder.link()
        #expect(links.attributions.map(\.method) == [.explicit])
        let report = builder.report(from: window.from, to: window.to)
        #expect(report.changeFailureRate.failed == 1)
        #expect(report.changeFailureRate.rate == 0.5)
        // d1 finished 03-01 10:00, the incident resolved 03-05 10:00: four days.
        #expect(report.failedDeploymentRecoveryTime.p50Seconds == 4 * day)
        #expect(report.dataQuality.attributionsByMethod[.explicit] == 1)
    }

    @Test func causingShaBlamesTheFirstDeploymentThatShippedIt() {
        let builder = straightHistory()
        builder.commit("c4", parents: ["c3"], authored: "2026-03-03T09:00:00Z")
            .deploy("d3", sha: "c4", at: "2026-03-03T10:00:00Z")
            .incident("i1", opened: "2026-03-04T09:00:00Z", resolved: "2026-03-04T11:00:00Z", cause: .sha("c2"))
        let links = builder.link()
        #expect(links.attributions.first?.deployment.id == "d2")
        #expect(links.attributions.first?.method == .sha)
    }

    @Test func heuristicBlamesTheLatestDeploymentWithinTheWindow() {
        let builder = straightHistory()
        builder.incident("i1", opened: "2026-03-02T20:00:00Z", resolved: "2026-03-02T22:00:00Z")
        let links = builder.link()
        #expect(links.attributions.first?.deployment.id == "d2")
        #expect(links.attributions.first?.method == .heuristic)
        let report = builder.report(from: window.from, to: window.to)
        #expect(report.failedDeploymentRecoveryTime.p50Seconds == 4 * hour)
    }

    @Test func heuristicLooksNoFurtherBackThanTheAttributionWindow() {
        let builder = straightHistory()
        builder.incident("late", opened: "2026-03-03T18:00:01Z", resolved: "2026-03-03T19:00:00Z")
            .incident("edge", opened: "2026-03-03T18:00:00Z", resolved: "2026-03-03T19:00:00Z")
        #expect(builder.link().attributions.map(\.incident.id) == ["edge"])
        let off = MetricsSettings(attributionWindow: 0)
        #expect(builder.link(settings: off).attributions.isEmpty)
        let report = builder.report(from: window.from, to: window.to, settings: off)
        #expect(report.changeFailureRate.failed == 0)
        #expect(report.dataQuality.unattributedIncidents == 2)
        #expect(report.incidentTimeToRestore.incidents == 2)
    }

    @Test func unresolvedIncidentLeavesTheFailureOpen() {
        let builder = straightHistory()
        builder.incident("i1", opened: "2026-03-02T19:00:00Z")
        let report = builder.report(from: window.from, to: window.to)
        #expect(report.changeFailureRate.failed == 1)
        #expect(report.failedDeploymentRecoveryTime.open == 1)
        #expect(report.failedDeploymentRecoveryTime.recovered == 0)
        #expect(report.failedDeploymentRecoveryTime.p50Seconds == nil)
        #expect(report.failedDeploymentRecoveryTime.level == nil)
        #expect(report.incidentTimeToRestore.incidents == 1)
        #expect(report.incidentTimeToRestore.p50Seconds == nil)
    }

    @Test func rollbackWithoutIncidentFailsTheRolledBackDeployment() {
        let builder = straightHistory()
        builder.deploy("d3", sha: "c1", at: "2026-03-02T19:00:00Z", rollbackOf: "d2")
        let report = builder.report(from: window.from, to: window.to)
        #expect(report.deploymentFrequency.count == 3)
        #expect(report.changeFailureRate.failed == 1)
        #expect(report.changeFailureRate.rate == 0.3333)
        #expect(report.failedDeploymentRecoveryTime.p50Seconds == hour)
        #expect(report.deploymentReworkRate.rework == 1)
        #expect(report.deploymentReworkRate.rate == 0.3333)
        #expect(report.incidentTimeToRestore.incidents == 0)
    }

    @Test func hotfixIsReworkAndRecoveryWaitsForTheLastFix() {
        let builder = straightHistory()
        builder.incident("i1", opened: "2026-03-02T19:00:00Z", resolved: "2026-03-02T23:00:00Z")
            .commit("c4", parents: ["c3"], authored: "2026-03-02T19:30:00Z")
            .deploy("hotfix", sha: "c4", at: "2026-03-02T20:00:00Z", remediates: ["i1"])
            .deploy("back", sha: "c3", at: "2026-03-03T01:00:00Z", rollbackOf: "hotfix")
        let report = builder.report(from: window.from, to: window.to)
        #expect(report.deploymentReworkRate.rework == 2)
        #expect(report.changeFailureRate.failed == 2) // d2 (incident) and the hotfix (rolled back)
        // d2 recovered when i1 resolved (5 h); the hotfix when rolled back (5 h).
        #expect(report.failedDeploymentRecoveryTime.recovered == 2)
        #expect(report.failedDeploymentRecoveryTime.p50Seconds == 5 * hour)
    }

    @Test func recoveryIsTheLatestOfResolutionAndRollback() {
        let builder = straightHistory()
        builder.incident("i1", opened: "2026-03-02T19:00:00Z", resolved: "2026-03-02T20:00:00Z", cause: .deployment(id: "d2"))
            .deploy("d3", sha: "c1", at: "2026-03-02T21:00:00Z", rollbackOf: "d2")
        let report = builder.report(from: window.from, to: window.to)
        #expect(report.failedDeploymentRecoveryTime.p50Seconds == 3 * hour)
    }

    @Test func emptyWindowGivesNullsNotZeros() {
        let report = straightHistory().report(from: "2026-04-01T00:00:00Z", to: "2026-05-01T00:00:00Z")
        #expect(report.deploymentFrequency.count == 0)
        #expect(report.deploymentFrequency.perDay == 0)
        #expect(report.changeFailureRate.rate == nil)
        #expect(report.changeFailureRate.level == nil)
        #expect(report.deploymentReworkRate.rate == nil)
        #expect(report.leadTimeForChanges.p50Seconds == nil)
        #expect(report.leadTimeForChanges.level == nil)
        #expect(report.failedDeploymentRecoveryTime.p50Seconds == nil)
        #expect(report.incidentTimeToRestore.p50Seconds == nil)
        #expect(report.batchSize.p50Commits == nil)
        let json = report.json.serialized()
        #expect(json.contains(#""rate":null"#))
        #expect(json.contains(#""p50Seconds":null"#))
    }
}

@Suite("Scopes are unions of services, never averages")
struct ScopeUnionTests {
    func service(_ name: String, leadHours: [Double]) -> HistoryBuilder {
        let builder = HistoryBuilder(service: name, repository: "github.com/acme/\(name)")
        builder.commit("\(name)-0", authored: "2026-03-01T00:00:00Z").deploy("\(name)-d1", sha: "\(name)-0", at: "2026-03-01T01:00:00Z")
        var parent = "\(name)-0"
        for (index, hours) in leadHours.enumerated() {
            let sha = "\(name)-\(index + 1)"
            let authored = time("2026-03-02T12:00:00Z").addingTimeInterval(-hours * hour)
            builder.commit(sha, parents: [parent], authored: RFC3339.string(from: authored))
            parent = sha
        }
        builder.deploy("\(name)-d2", sha: parent, at: "2026-03-02T12:00:00Z")
        return builder
    }

    @Test func aTeamSpanningTwoServicesTakesTheMedianOfAllItsChanges() {
        let team = MetricScope(kind: .team, name: "payments")
        let report = HistoryBuilder.report(
            of: [service("checkout", leadHours: [1, 3]), service("billing", leadHours: [10])],
            scope: team, from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z"
        )
        // Union [1, 3, 10] h: median 3 h. The average of the medians would be 6 h.
        #expect(report.leadTimeForChanges.p50Seconds == 3 * hour)
        #expect(report.deploymentFrequency.count == 2)
        #expect(report.scope == team)
    }

    @Test func anIncidentOfTwoServicesFailsOneDeploymentOnly() {
        let checkout = service("checkout", leadHours: [1])
        let billing = service("billing", leadHours: [2])
        checkout.incident("shared", services: ["checkout", "billing"], opened: "2026-03-02T13:00:00Z", resolved: "2026-03-02T14:00:00Z")
        billing.incident("shared", services: ["checkout", "billing"], opened: "2026-03-02T13:00:00Z", resolved: "2026-03-02T14:00:00Z")
        let report = HistoryBuilder.report(
            of: [checkout, billing], scope: MetricScope(kind: .team, name: "payments"),
            from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z"
        )
        #expect(report.changeFailureRate.failed == 1)
        #expect(report.incidentTimeToRestore.incidents == 1)
    }
}

@Suite("Levels and periods")
struct LevelsAndPeriodsTests {
    let table = LevelTable.dora2023

    @Test func boundariesFollowTheDora2023Table() {
        #expect(table.leadTimeLevel(medianSeconds: day - 1) == .elite)
        #expect(table.leadTimeLevel(medianSeconds: day) == .high)
        #expect(table.leadTimeLevel(medianSeconds: 30 * day) == .low)
        #expect(table.changeFailureRateLevel(rate: 0.05) == .elite)
        #expect(table.changeFailureRateLevel(rate: 0.1500001) == .low)
        #expect(table.recoveryTimeLevel(medianSeconds: 59 * 60) == .elite)
        #expect(table.recoveryTimeLevel(medianSeconds: 6 * day) == .medium)
        #expect(table.deploymentFrequencyLevel(perDay: 1) == .elite)
        #expect(table.deploymentFrequencyLevel(perDay: 1.0 / 7) == .high)
        #expect(table.deploymentFrequencyLevel(perDay: 1.0 / 30) == .medium)
        #expect(table.deploymentFrequencyLevel(perDay: 0) == .low)
    }

    @Test func weeksStartOnMondayAndCoverTheWindow() {
        let periods = SeriesPeriod.week.periods(covering: DateWindow(from: time("2026-03-04T10:00:00Z"), to: time("2026-03-20T00:00:00Z")))
        #expect(periods.map(\.from) == [time("2026-03-02T00:00:00Z"), time("2026-03-09T00:00:00Z"), time("2026-03-16T00:00:00Z")])
        #expect(periods.last?.to == time("2026-03-23T00:00:00Z"))
    }

    @Test func monthsFollowTheCalendar() {
        let periods = SeriesPeriod.month.periods(covering: DateWindow(from: time("2026-01-15T00:00:00Z"), to: time("2026-03-01T00:00:00Z")))
        #expect(periods.map(\.from) == [time("2026-01-01T00:00:00Z"), time("2026-02-01T00:00:00Z")])
        #expect(periods[1].lengthInDays == 28)
    }
}
