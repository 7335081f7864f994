import Foundation
import ValueStreamModel

/// Simulates one service's history in time order: pull requests merging into main, deployments
/// shipping main, incidents following some deployments.
struct ServiceSimulation {
    let blueprint: ServiceBlueprint
    let neighbour: String
    let start: Date
    let end: Date
    var random: SeededRandom

    private var mainHead: String?
    private var lastDeployedSha: String?
    private var lastDeploymentId: String?
    private var counters = Counters()
    private var pendingWorkItems: [PendingWorkItem] = []

    private struct Counters {
        var pullRequests = 0
        var deployments = 0
        var incidents = 0
        var workItems = 0
        var pipelineRuns = 0
    }

    private struct PendingWorkItem {
        var key: String
        var type: WorkItemType
        var createdAt: Date
        var transitions: [StatusTransition]
        var title: String
    }

    init(blueprint: ServiceBlueprint, neighbour: String, start: Date, end: Date, random: SeededRandom) {
        self.blueprint = blueprint
        self.neighbour = neighbour
        self.start = start
        self.end = end
        self.random = random
    }

    /// A tracker project key unique to the service, such as `CHE0`.
    private var projectKey: String { String(blueprint.name.filter(\.isLetter).prefix(3)).uppercased() + String(blueprint.index) }

    mutating func run(_ emit: (DeliveryEvent) throws -> Void) rethrows {
        let deploymentsPerDay = blueprint.cluster.deploymentsPerDay * blueprint.size
        let pullRequestsPerDay = max(deploymentsPerDay * 4, 0.15 * blueprint.size)
        try rootCommit(emit)
        var merges = arrivals(perDay: pullRequestsPerDay)
        var deployments = arrivals(perDay: deploymentsPerDay)
        merges.reverse()
        deployments.reverse()
        while let next = [merges.last, deployments.last].compactMap({ $0 }).min() {
            if next == merges.last {
                merges.removeLast()
                try mergePullRequest(at: next, emit)
            } else {
                deployments.removeLast()
                try deploy(at: next, emit)
            }
        }
        try unrelatedIncidents(emit)
        for item in pendingWorkItems { try emit(.workItem(workItem(item))) }
    }

    // MARK: Arrivals

    /// Times of a Poisson process, busier on weekdays and in working hours (UTC).
    private mutating func arrivals(perDay rate: Double) -> [Date] {
        var times: [Date] = []
        let days = Int(end.timeIntervalSince(start) / 86_400)
        for day in 0..<days {
            let dayStart = start.addingTimeInterval(Double(day) * 86_400)
            let weekday = Int((dayStart.timeIntervalSince1970 / 86_400 + 4).truncatingRemainder(dividingBy: 7)) // 0 = Sunday
            let factor = (weekday == 0 || weekday == 6) ? 0.15 : 1.3
            for _ in 0..<random.poisson(mean: rate * factor) {
                let hour = random.chance(0.85) ? 8 + random.unit() * 10 : random.unit() * 24
                times.append(dayStart.addingTimeInterval(hour * 3_600))
            }
        }
        return times.sorted()
    }

    // MARK: Commits and pull requests

    private mutating func rootCommit(_ emit: (DeliveryEvent) throws -> Void) rethrows {
        let sha = random.sha()
        let at = start.addingTimeInterval(-30 * 86_400)
        try emit(.commit(commit(sha: sha, parents: [], at: at, message: "Initial commit")))
        mainHead = sha
        try emit(.deployment(Deployment(
            key: EventKey(source: "deployer", kind: .deployment, id: "\(blueprint.name)-initial"),
            service: blueprint.name, environment: "production", sha: sha, repository: blueprint.repository,
            finishedAt: at.addingTimeInterval(3_600), result: .success
        )))
        lastDeployedSha = sha
        lastDeploymentId = "\(blueprint.name)-initial"
    }

    private func commit(sha: String, parents: [String], at: Date, message: String) -> Commit {
        Commit(
            key: EventKey(source: "github", kind: .commit, id: sha), repository: blueprint.repository, sha: sha,
            parents: parents, authoredAt: at, committedAt: at, message: message,
            workItemKeys: WorkItemKeyScanner.keys(in: message)
        )
    }

    private mutating func mergePullRequest(at mergedAt: Date, _ emit: (DeliveryEvent) throws -> Void) rethrows {
        counters.pullRequests += 1
        let number = counters.pullRequests
        let review = random.logNormal(median: 6 * 3_600, sigma: 0.9)
        let pickup = random.logNormal(median: 2 * 3_600, sigma: 1.0)
        let coding = random.logNormal(median: 4 * 3_600, sigma: 1.0)
        let firstReviewAt = mergedAt.addingTimeInterval(-review)
        let openedAt = firstReviewAt.addingTimeInterval(-pickup)
        let firstCommitAt = openedAt.addingTimeInterval(-coding)
        let base = mainHead!

        var workItemKey: String?
        if random.chance(0.7) {
            counters.workItems += 1
            workItemKey = "\(projectKey)-\(counters.workItems)"
        }
        let title = [workItemKey, "Change \(number) to \(blueprint.name)"].compactMap { $0 }.joined(separator: " ")

        var branch: [String] = []
        let commitCount = 1 + random.geometric(mean: 3)
        for index in 0..<commitCount {
            let sha = random.sha()
            var authoredAt = firstCommitAt.addingTimeInterval(coding * Double(index) / Double(commitCount))
            if random.chance(0.001) { authoredAt = authoredAt.addingTimeInterval(40 * 86_400) } // clock skew
            let message = index == 0 ? title : "Work on change \(number)"
            try emit(.commit(commit(sha: sha, parents: [branch.last ?? base], at: authoredAt, message: message)))
            branch.append(sha)
        }
        let mergeSha = random.sha()
        let mergeParents = blueprint.squashes ? [base] : [base, branch.last!]
        let mergeMessage = blueprint.squashes ? "\(title) (#\(number))" : "Merge pull request #\(number) from acme/change-\(number)"
        try emit(.commit(commit(sha: mergeSha, parents: mergeParents, at: mergedAt, message: mergeMessage)))
        mainHead = mergeSha

        try emit(.pullRequest(PullRequest(
            key: EventKey(source: "github", kind: .pullRequest, id: "\(blueprint.repository)#\(number)"),
            repository: blueprint.repository, number: number, openedAt: openedAt, title: title,
            firstCommitAt: firstCommitAt, firstReviewAt: firstReviewAt, mergedAt: mergedAt, closedAt: mergedAt,
            mergeCommitSha: mergeSha, headSha: branch.last, baseBranch: "main", commits: branch,
            workItems: workItemKey.map { [$0] } ?? [], additions: Int(random.logNormal(median: 80, sigma: 1.2)),
            deletions: Int(random.logNormal(median: 30, sigma: 1.2))
        )))

        for run in 0..<(1 + Int(random.unit() * 5)) {
            counters.pipelineRuns += 1
            let startedAt = openedAt.addingTimeInterval((mergedAt.timeIntervalSince(openedAt)) * Double(run) / 5)
            try emit(.pipelineRun(PipelineRun(
                key: EventKey(source: "github-actions", kind: .pipelineRun, id: "\(blueprint.name)-run-\(counters.pipelineRuns)"),
                repository: blueprint.repository, service: nil, pipeline: "ci", sha: branch.last!,
                queuedAt: startedAt.addingTimeInterval(-30), startedAt: startedAt,
                finishedAt: startedAt.addingTimeInterval(random.logNormal(median: 600, sigma: 0.5)),
                result: random.chance(0.85) ? .success : .failure
            )))
        }

        if let workItemKey {
            let createdAt = firstCommitAt.addingTimeInterval(-random.logNormal(median: 3 * 86_400, sigma: 1))
            var transitions = [
                StatusTransition(status: "To Do", at: createdAt),
                StatusTransition(status: "In Progress", at: firstCommitAt.addingTimeInterval(-1_800)),
                StatusTransition(status: "In Review", at: openedAt),
            ]
            if random.chance(0.1) {
                transitions.append(StatusTransition(status: "In Progress", at: firstReviewAt.addingTimeInterval(600)))
                transitions.append(StatusTransition(status: "In Review", at: firstReviewAt.addingTimeInterval(7_200)))
            }
            let draw = random.unit()
            let type: WorkItemType = draw < 0.6 ? .feature : draw < 0.85 ? .defect : draw < 0.95 ? .debt : .risk
            pendingWorkItems.append(PendingWorkItem(key: workItemKey, type: type, createdAt: createdAt, transitions: transitions, title: title))
        }
    }

    // MARK: Deployments and incidents

    private mutating func deploy(at finishedAt: Date, _ emit: (DeliveryEvent) throws -> Void) rethrows {
        guard let head = mainHead, head != lastDeployedSha else { return }
        counters.deployments += 1
        let id = "\(blueprint.name)-\(counters.deployments)"
        try emit(.deployment(Deployment(
            key: EventKey(source: "deployer", kind: .deployment, id: "\(id)-staging"), service: blueprint.name,
            environment: "staging", sha: head, repository: blueprint.repository,
            startedAt: finishedAt.addingTimeInterval(-2_400), finishedAt: finishedAt.addingTimeInterval(-1_800), result: .success
        )))
        if random.chance(0.07) {
            try emit(.deployment(Deployment(
                key: EventKey(source: "deployer", kind: .deployment, id: "\(id)-attempt"), service: blueprint.name,
                environment: "production", sha: head, repository: blueprint.repository,
                startedAt: finishedAt.addingTimeInterval(-1_500), finishedAt: finishedAt.addingTimeInterval(-1_200), result: .failure
            )))
        }
        try emit(.deployment(Deployment(
            key: EventKey(source: "deployer", kind: .deployment, id: id), service: blueprint.name,
            environment: "production", sha: head, repository: blueprint.repository,
            startedAt: finishedAt.addingTimeInterval(-600), finishedAt: finishedAt, result: .success
        )))
        let previousSha = lastDeployedSha
        lastDeployedSha = head
        lastDeploymentId = id

        var remaining: [PendingWorkItem] = []
        for var item in pendingWorkItems {
            if random.chance(0.9) {
                item.transitions.append(StatusTransition(status: "Done", at: finishedAt))
                try emit(.workItem(workItem(item)))
            } else {
                remaining.append(item)
            }
        }
        pendingWorkItems = remaining

        if random.chance(blueprint.cluster.incidentRate * blueprint.incidentFactor) {
            try incident(after: id, finishedAt: finishedAt, sha: head, previousSha: previousSha, emit)
        }
    }

    private mutating func incident(
        after deploymentId: String, finishedAt: Date, sha: String, previousSha: String?, _ emit: (DeliveryEvent) throws -> Void
    ) rethrows {
        counters.incidents += 1
        let incidentId = "\(blueprint.name)-incident-\(counters.incidents)"
        let openedAt = finishedAt.addingTimeInterval(min(random.logNormal(median: 2 * 3_600, sigma: 1), 20 * 3_600))
        let resolvedAt = openedAt.addingTimeInterval(random.logNormal(median: 3 * 3_600, sigma: 1))
        let isExplicit = random.chance(0.5)
        let stillOpen = resolvedAt > end
        try emit(.incident(Incident(
            key: EventKey(source: "pagerduty", kind: .incident, id: incidentId), services: [blueprint.name],
            openedAt: openedAt, resolvedAt: stillOpen ? nil : resolvedAt, severity: random.chance(0.3) ? "SEV1" : "SEV2",
            title: "Errors in \(blueprint.name)", causedBy: isExplicit ? .deployment(id: deploymentId) : nil
        )))
        let remedy = random.unit()
        if remedy < 0.3, let previousSha {
            try emit(.deployment(Deployment(
                key: EventKey(source: "deployer", kind: .deployment, id: "\(deploymentId)-rollback"), service: blueprint.name,
                environment: "production", sha: previousSha, repository: blueprint.repository,
                finishedAt: openedAt.addingTimeInterval(1_200), result: .success, rollbackOf: deploymentId
            )))
        } else if remedy < 0.6 {
            try emit(.deployment(Deployment(
                key: EventKey(source: "deployer", kind: .deployment, id: "\(deploymentId)-hotfix"), service: blueprint.name,
                environment: "production", sha: sha, repository: blueprint.repository,
                finishedAt: openedAt.addingTimeInterval(5_400), result: .success, remediates: [incidentId]
            )))
        }
    }

    /// Incidents no deployment caused; some span this service and its neighbour.
    private mutating func unrelatedIncidents(_ emit: (DeliveryEvent) throws -> Void) rethrows {
        let days = end.timeIntervalSince(start) / 86_400
        for _ in 0..<random.poisson(mean: days / 45) {
            counters.incidents += 1
            let openedAt = start.addingTimeInterval(random.unit() * days * 86_400)
            let resolvedAt = openedAt.addingTimeInterval(random.logNormal(median: 3 * 3_600, sigma: 1))
            try emit(.incident(Incident(
                key: EventKey(source: "pagerduty", kind: .incident, id: "\(blueprint.name)-incident-\(counters.incidents)"),
                services: random.chance(0.1) ? [blueprint.name, neighbour] : [blueprint.name],
                openedAt: openedAt, resolvedAt: resolvedAt > end ? nil : resolvedAt, severity: "SEV3",
                title: "Degraded \(blueprint.name)"
            )))
        }
    }

    private func workItem(_ item: PendingWorkItem) -> WorkItem {
        WorkItem(
            key: EventKey(source: "jira", kind: .workItem, id: item.key), itemKey: item.key, type: item.type,
            createdAt: item.createdAt, transitions: item.transitions, title: item.title, service: blueprint.name
        )
    }
}
