import DeliveryMetrics
import Testing
import ValueStreamModel

func isClose(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) < 1e-6
}

/// A straight history: c1 deployed first (d1), then c2 and c3 deployed by d2.
func straightHistory() -> HistoryBuilder {
    let builder = HistoryBuilder()
    builder.commit("c1", authored: "2026-03-01T09:00:00Z")
        .deploy("d1", sha: "c1", at: "2026-03-01T10:00:00Z")
        .commit("c2", parents: ["c1"], authored: "2026-03-02T09:00:00Z")
        .commit("c3", parents: ["c2"], authored: "2026-03-02T12:00:00Z")
        .deploy("d2", sha: "c3", at: "2026-03-02T18:00:00Z")
    return builder
}

@Suite("Linking commits to deployments (METRICS.md, building blocks)")
struct LinkingRulesTests {
    @Test func firstDeploymentCountsButGivesNoLeadTimes() {
        let builder = HistoryBuilder()
        builder.commit("c0", authored: "2025-01-01T09:00:00Z")
            .commit("c1", parents: ["c0"], authored: "2026-03-01T09:00:00Z")
            .deploy("d1", sha: "c1", at: "2026-03-01T15:00:00Z")
        let report = builder.report(from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z")
        #expect(report.deploymentFrequency.count == 1)
        #expect(report.leadTimeForChanges.changes == 0)
        #expect(report.leadTimeForChanges.p50Seconds == nil)
        #expect(report.batchSize.p50Commits == nil)
    }

    @Test func leadTimesRunFromAuthoringToTheDeploymentThatShipsTheCommit() {
        let report = straightHistory().report(from: "2026-03-01T00:00:00Z", to: "2026-03-03T00:00:00Z")
        #expect(report.deploymentFrequency.count == 2)
        #expect(report.leadTimeForChanges.changes == 2)
        // c2: 9 h, c3: 6 h.
        #expect(isClose(report.leadTimeForChanges.p50Seconds, 27_000))
        #expect(isClose(report.leadTimeForChanges.p85Seconds, 21_600 + 0.85 * 10_800))
        #expect(report.batchSize.p50Commits == 2)
    }

    @Test func negativeLeadTimesAreDroppedAndCounted() {
        let builder = straightHistory()
        builder.commit("c4", parents: ["c3"], authored: "2026-03-05T12:00:00Z") // clock ahead of the deployment
            .deploy("d3", sha: "c4", at: "2026-03-04T12:00:00Z")
        let report = builder.report(from: "2026-03-04T00:00:00Z", to: "2026-03-05T00:00:00Z")
        #expect(report.leadTimeForChanges.changes == 0)
        #expect(report.leadTimeForChanges.p50Seconds == nil)
        #expect(report.dataQuality.negativeLeadTimesDropped == 1)
        #expect(report.batchSize.p50Commits == 1)
    }

    @Test func squashMergeBringsThePullRequestsOwnCommits() {
        let builder = HistoryBuilder()
        builder.commit("c1", authored: "2026-03-01T09:00:00Z")
            .deploy("d1", sha: "c1", at: "2026-03-01T10:00:00Z")
            .commit("b1", parents: ["c1"], authored: "2026-03-02T09:00:00Z")
            .commit("b2", parents: ["b1"], authored: "2026-03-02T15:00:00Z")
            .commit("s1", parents: ["c1"], authored: "2026-03-03T12:00:00Z")
            .pullRequest(7, mergeCommit: "s1", commits: ["b1", "b2"], merged: "2026-03-03T12:00:00Z")
            .deploy("d2", sha: "s1", at: "2026-03-03T18:00:00Z")
        let report = builder.report(from: "2026-03-03T00:00:00Z", to: "2026-03-04T00:00:00Z")
        // s1: 6 h, b2: 27 h, b1: 33 h.
        #expect(report.leadTimeForChanges.changes == 3)
        #expect(isClose(report.leadTimeForChanges.p50Seconds, 27 * hour))
    }

    @Test func aCommitCountsOnceAtTheFirstDeploymentThatContainsIt() {
        let builder = straightHistory()
        builder.deploy("d3", sha: "c3", at: "2026-03-02T20:00:00Z") // redeploy of the same commit
        let links = builder.link()
        let shipped = links.deployments.filter(\.succeeded).map(\.changeCount)
        #expect(shipped == [1, 2, 0])
        let report = builder.report(from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z")
        #expect(report.leadTimeForChanges.changes == 2)
        #expect(report.batchSize.p50Commits == 1) // batches 2 and 0
    }

    @Test func theWalkStopsAtUnknownCommitsAndReportsTheGap() {
        let builder = straightHistory()
        builder.commit("c9", parents: ["missing"], authored: "2026-03-03T09:00:00Z")
            .deploy("d3", sha: "c9", at: "2026-03-03T10:00:00Z")
            .deploy("d4", sha: "nowhere", at: "2026-03-03T11:00:00Z")
        let report = builder.report(from: "2026-03-03T00:00:00Z", to: "2026-03-04T00:00:00Z")
        #expect(report.leadTimeForChanges.changes == 1)
        #expect(report.dataQuality.unknownCommits == 2)
        #expect(report.dataQuality.deploymentsWithoutLinkedChange == 1)
    }

    @Test func onlySuccessfulProductionDeploymentsCount() {
        let builder = straightHistory()
        builder.deploy("s2", sha: "c3", at: "2026-03-02T16:00:00Z", environment: "staging")
            .deploy("d2-attempt", sha: "c3", at: "2026-03-02T17:00:00Z", result: .failure)
            .deploy("live1", sha: "c3", at: "2026-03-02T19:00:00Z", environment: "LIVE")
        let report = builder.report(from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z")
        #expect(report.deploymentFrequency.count == 2) // d2 and live1 (names compare case-insensitively)
        #expect(report.deploymentFrequency.failedAttempts == 1)
        #expect(report.changeFailureRate.deployments == 2)
    }

    @Test func monorepoPathsKeepOtherServicesCommitsOut() {
        let builder = HistoryBuilder()
        builder.commit("c1", authored: "2026-03-01T09:00:00Z", files: ["services/checkout/a.swift"])
            .deploy("d1", sha: "c1", at: "2026-03-01T10:00:00Z")
            .commit("c2", parents: ["c1"], authored: "2026-03-02T09:00:00Z", files: ["services/search/b.swift"])
            .commit("c3", parents: ["c2"], authored: "2026-03-02T12:00:00Z", files: ["services/checkout/c.swift"])
            .deploy("d2", sha: "c3", at: "2026-03-02T18:00:00Z")
        builder.history.pathFilters = [builder.repository: ["services/checkout/"]]
        let report = builder.report(from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z")
        #expect(report.leadTimeForChanges.changes == 1)
        #expect(isClose(report.leadTimeForChanges.p50Seconds, 6 * hour))
    }
}
