import Foundation
import ValueStreamModel

/// What flow figures read for a scope: its services' histories (commits, pull requests,
/// deployments), the work items, and pipeline runs.
public struct FlowInput: Sendable {
    public var histories: [ServiceHistory]
    public var workItems: [WorkItem]
    public var pipelineRuns: [PipelineRun]
    /// Whether items tied to no service belong to the scope (the organisation's).
    public var includesUnassignedItems: Bool

    public init(histories: [ServiceHistory], workItems: [WorkItem], pipelineRuns: [PipelineRun], includesUnassignedItems: Bool) {
        self.histories = histories
        self.workItems = workItems
        self.pipelineRuns = pipelineRuns
        self.includesUnassignedItems = includesUnassignedItems
    }
}

/// Ties work items to code by their keys (in commit messages, branch names and pull request
/// titles) and finds when that code reached each milestone.
struct CodeLinks {
    struct Link {
        var service: String
        var milestones = Milestones()
    }

    private(set) var byKey: [String: Link] = [:]
    /// Pull requests merged, with when their merge reached production, for the breakdown.
    private(set) var pullRequests: [(pullRequest: PullRequest, service: String, deployedAt: Date?)] = []

    init(input: FlowInput, settings: MetricsSettings) {
        var passedAt: [String: Date] = [:]
        for run in input.pipelineRuns where run.result == .success {
            guard let finished = run.finishedAt else { continue }
            passedAt[run.sha] = min(passedAt[run.sha] ?? finished, finished)
        }
        for history in input.histories {
            let deployedAt = Self.firstDeployment(history, settings: settings)
            for commit in history.commits {
                for key in commit.workItemKeys {
                    var link = byKey[key] ?? Link(service: history.service)
                    link.milestones.record("firstCommit", commit.authoredAt)
                    for (environment, times) in deployedAt { link.milestones.record("deployed:\(environment)", times[commit.sha]) }
                    link.milestones.record("pipelinePassed", passedAt[commit.sha])
                    byKey[key] = link
                }
            }
            for pullRequest in history.pullRequests {
                let merge = pullRequest.mergeCommitSha
                if pullRequest.mergedAt != nil {
                    pullRequests.append((pullRequest, history.service, merge.flatMap { deployedAt["production"]?[$0] }))
                }
                for key in pullRequest.workItems {
                    var link = byKey[key] ?? Link(service: history.service)
                    link.milestones.record("firstCommit", pullRequest.firstCommitAt)
                    if pullRequest.openedAt != .distantFuture { link.milestones.record("pullRequestOpened", pullRequest.openedAt) }
                    link.milestones.record("firstReview", pullRequest.firstReviewAt)
                    link.milestones.record("merged", pullRequest.mergedAt, keepLatest: true)
                    for sha in pullRequest.commits + [pullRequest.headSha, merge].compactMap({ $0 }) {
                        link.milestones.record("pipelinePassed", passedAt[sha])
                    }
                    if let merge {
                        for (environment, times) in deployedAt { link.milestones.record("deployed:\(environment)", times[merge], keepLatest: true) }
                    }
                    byKey[key] = link
                }
            }
        }
    }

    /// Per environment (`production` for every production one), when each commit was first
    /// deployed there: the first successful deployment whose commit graph reaches it.
    static func firstDeployment(_ history: ServiceHistory, settings: MetricsSettings) -> [String: [String: Date]] {
        var byEnvironment: [String: [Deployment]] = [:]
        for deployment in history.deployments where deployment.result == .success && deployment.service == history.service {
            let environment = settings.isProduction(environment: deployment.environment) ? "production" : deployment.environment.lowercased()
            byEnvironment[environment, default: []].append(deployment)
        }
        var result: [String: [String: Date]] = [:]
        for (environment, deployments) in byEnvironment {
            let ordered = deployments.sorted(by: DeploymentLinker.deploymentOrder)
            var graph = CommitGraph(history)
            for (index, deployment) in ordered.enumerated() { _ = graph.shipNewCommits(from: deployment.sha, deploymentIndex: index) }
            result[environment] = graph.deploymentIndexBySha().mapValues { ordered[$0].finishedAt }
        }
        return result
    }
}
