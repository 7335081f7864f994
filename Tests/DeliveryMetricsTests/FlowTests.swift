import DeliveryMetrics
import Foundation
import Testing
import ValueStreamModel

/// A hand-built week (2026-03-01 to 03-08) of one service, worked out by hand:
/// - A (feature): backlog 00:00, first commit 09:00, pull request opened 14:00, reviewed 16:00,
///   merged 18:00, in production 03-02 10:00. Stages: backlog 9 h, coding 5 h, waiting for
///   review 2 h, review 2 h, waiting for deployment 16 h; flow time 25 h, active 7 h.
/// - B (defect) with a loop-back: backlog 03-02 00:00, in progress 08:00, opened 12:00,
///   reviewed 13:00, back in progress 14:00, in review 16:00, merged 17:00, in production
///   03-03 09:00. Stages: backlog 8 h, coding 4 + 2 h, waiting for review 1 + 1 h, review 1 h,
///   waiting for deployment 16 h; flow time 25 h, active 7 h.
/// - C (feature): created 03-03, in progress 03-04 00:00, unfinished: load and age only.
/// - D (debt): done in February, before the window: counts nowhere.
struct FlowHistory {
    static func at(_ text: String) -> Date { RFC3339.date(from: text)! }
    static let window = DateWindow(from: at("2026-03-01T00:00:00Z"), to: at("2026-03-08T00:00:00Z"))
    static let repository = "github.com/acme/shop"

    static func commit(_ sha: String, parent: String?, _ time: String, keys: [String] = []) -> Commit {
        Commit(key: EventKey(source: "git", kind: .commit, id: sha), repository: repository, sha: sha, parents: parent.map { [$0] } ?? [],
               authoredAt: at(time), committedAt: at(time), workItemKeys: keys)
    }

    static func deployment(_ id: String, sha: String, _ time: String) -> Deployment {
        Deployment(key: EventKey(source: "ci", kind: .deployment, id: id), service: "shop", environment: "production", sha: sha, finishedAt: at(time), result: .success)
    }

    static func item(_ key: String, _ type: WorkItemType, created: String, _ transitions: [(String, String)]) -> WorkItem {
        WorkItem(key: EventKey(source: "jira", kind: .workItem, id: key), itemKey: key, type: type, createdAt: at(created),
                 transitions: transitions.map { StatusTransition(status: $0.0, at: at($0.1)) })
    }

    static let history = ServiceHistory(
        service: "shop",
        deployments: [deployment("d0", sha: "r0", "2026-02-16T00:00:00Z"), deployment("d1", sha: "mA", "2026-03-02T10:00:00Z"), deployment("d2", sha: "mB", "2026-03-03T09:00:00Z")],
        commits: [
            commit("r0", parent: nil, "2026-02-15T00:00:00Z"),
            commit("c1", parent: "r0", "2026-03-01T09:00:00Z", keys: ["A"]), commit("mA", parent: "c1", "2026-03-01T18:00:00Z"),
            commit("cB", parent: "mA", "2026-03-02T09:00:00Z", keys: ["B"]), commit("mB", parent: "cB", "2026-03-02T17:00:00Z"),
        ],
        pullRequests: [
            PullRequest(key: EventKey(source: "github", kind: .pullRequest, id: "1"), repository: repository, number: 1, openedAt: at("2026-03-01T14:00:00Z"),
                        firstCommitAt: at("2026-03-01T09:00:00Z"), firstReviewAt: at("2026-03-01T16:00:00Z"), mergedAt: at("2026-03-01T18:00:00Z"),
                        mergeCommitSha: "mA", commits: ["c1"], workItems: ["A"]),
            PullRequest(key: EventKey(source: "github", kind: .pullRequest, id: "2"), repository: repository, number: 2, openedAt: at("2026-03-02T12:00:00Z"),
                        firstCommitAt: at("2026-03-02T09:00:00Z"), firstReviewAt: at("2026-03-02T13:00:00Z"), mergedAt: at("2026-03-02T17:00:00Z"),
                        mergeCommitSha: "mB", commits: ["cB"], workItems: ["B"]),
        ]
    )

    static let items = [
        item("A", .feature, created: "2026-03-01T00:00:00Z", [("To Do", "2026-03-01T00:00:00Z"), ("In Progress", "2026-03-01T10:00:00Z"), ("In Review", "2026-03-01T14:00:00Z")]),
        item("B", .defect, created: "2026-03-02T00:00:00Z", [
            ("In Progress", "2026-03-02T08:00:00Z"), ("In Review", "2026-03-02T12:00:00Z"),
            ("In Progress", "2026-03-02T14:00:00Z"), ("In Review", "2026-03-02T16:00:00Z"),
        ]),
        item("C", .feature, created: "2026-03-03T00:00:00Z", [("In Progress", "2026-03-04T00:00:00Z")]),
        item("D", .debt, created: "2026-02-20T00:00:00Z", [("In Progress", "2026-02-21T00:00:00Z"), ("Done", "2026-02-22T00:00:00Z")]),
    ].map { item -> WorkItem in var item = item; item.service = "shop"; return item }

    static func report() -> FlowReport {
        FlowReportBuilder(map: .standard, settings: MetricsSettings()).report(
            scope: MetricScope(kind: .service, name: "shop"), window: window,
            input: FlowInput(histories: [history], workItems: items, pipelineRuns: [], includesUnassignedItems: false)
        )
    }
}

@Suite("Flow: the hand-built week")
struct FlowTests {
    let report = FlowHistory.report()
    func stage(_ name: String) -> FlowReport.Stage { report.stages.first { $0.definition.name == name }! }

    @Test func journeysFollowStatusesAndMilestonesWithLoopBacks() {
        let (journeys, _) = FlowReportBuilder(map: .standard, settings: MetricsSettings()).journeys(
            FlowInput(histories: [FlowHistory.history], workItems: FlowHistory.items, pipelineRuns: [], includesUnassignedItems: false)
        )
        let names = FlowMap.standard.stages.map(\.name)
        let b = journeys.first { $0.item.itemKey == "B" }!
        #expect(b.visits.map { names[$0.stage] } == ["Backlog", "Coding", "Waiting for review", "Review", "Coding", "Waiting for review", "Waiting for deployment", "Done"])
        #expect(b.startedAt == FlowHistory.at("2026-03-02T08:00:00Z"))
        #expect(b.doneAt == FlowHistory.at("2026-03-03T09:00:00Z"))
        let a = journeys.first { $0.item.itemKey == "A" }!
        #expect(a.visits.map { names[$0.stage] } == ["Backlog", "Coding", "Waiting for review", "Review", "Waiting for deployment", "Done"])
        #expect(a.visits[1].enteredAt == FlowHistory.at("2026-03-01T09:00:00Z"), "the first commit, before the status said so")
    }

    @Test func completedFigures() {
        #expect(report.completed == 2)
        #expect(report.throughputPerDay == 0.2857)
        #expect(report.flowTime.p50Seconds == 90_000 && report.flowTime.p85Seconds == 90_000)
        #expect(report.flowEfficiency == 0.28)
        #expect(report.distribution == [.feature: 1, .defect: 1])
    }

    @Test func stagesWaitingShareAndCompleteAndAccurate() {
        #expect(stage("Backlog").time.p50Seconds == 30_600)
        #expect(stage("Coding").time.p50Seconds == 19_800)
        #expect(stage("Waiting for review").time.p50Seconds == 7_200)
        #expect(stage("Review").time.p50Seconds == 5_400)
        #expect(stage("Waiting for deployment").time.p50Seconds == 57_600)
        #expect(stage("Waiting for review").waitingShare == 0.1111)
        #expect(stage("Waiting for deployment").waitingShare == 0.8889)
        #expect(stage("Coding").waitingShare == nil && stage("Backlog").waitingShare == nil)
        #expect(report.constraint?.name == "Waiting for deployment")
        #expect(report.constraint?.waitingShare == 0.8889)
        // B's loop-back counts against coding, waiting for review and review.
        #expect(stage("Backlog").completeAndAccurate == 1)
        #expect(stage("Coding").completeAndAccurate == 0.5)
        #expect(stage("Waiting for review").completeAndAccurate == 0.5)
        #expect(stage("Review").completeAndAccurate == 0.5)
        #expect(stage("Waiting for deployment").completeAndAccurate == 1)
    }

    @Test func unfinishedItemsCountInLoadAndAgeOnly() {
        #expect(report.inProgress == 1)
        #expect(stage("Coding").inProgress == 1)
        #expect(stage("Coding").currentAgeP50Seconds == 345_600) // 4 days
        #expect(report.days.map(\.load) == [0, 1, 1, 1, 1, 1, 1])
        #expect(report.averageLoad == 0.8571)
        // Little's law: 2/7 a day × 25 h.
        #expect(report.impliedLoad == 0.2976)
        // 03-03 00:00: A done, B waiting for deployment, C in the backlog; D is not in the window.
        #expect(report.days[2].itemsPerStage == [1, 0, 0, 0, 1, 1])
    }

    @Test func pullRequestBreakdown() {
        #expect(report.pullRequests.coding.p50Seconds == 14_400)
        #expect(report.pullRequests.pickup.p50Seconds == 5_400)
        #expect(report.pullRequests.review.p50Seconds == 10_800)
        #expect(report.pullRequests.mergeToDeploy.p50Seconds == 57_600)
    }

    @Test func theJSONNamesTheConstraint() {
        let text = report.json.serialized(pretty: false)
        #expect(text.contains(#""constraint":{"stage":"Waiting for deployment","waitingShare":0.8889}"#))
        #expect(text.contains(#""flowVelocity":{"completed":2,"perDay":0.2857}"#))
    }

    @Test func aConfiguredMapNeedsADoneStage() {
        #expect(FlowMap.standard.problem == nil)
        #expect(FlowMap(stages: [FlowStage(name: "a", kind: .active), FlowStage(name: "b", kind: .waiting)]).problem != nil)
    }
}
