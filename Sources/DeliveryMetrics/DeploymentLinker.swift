import Foundation
import ValueStreamModel

/// Links one service's history: which commits each production deployment shipped (through the
/// commit graph, squash and rebase merges included), which deployment each incident is blamed
/// on, and which deployments were rolled back. Pure: same history, same facts.
public struct DeploymentLinker: Sendable {
    public var settings: MetricsSettings

    public init(settings: MetricsSettings) {
        self.settings = settings
    }

    public func link(_ history: ServiceHistory) -> ServiceLinks {
        let production = history.deployments.filter {
            $0.service == history.service && settings.isProduction(environment: $0.environment)
        }
        let successes = production.filter { $0.result == .success }.sorted(by: Self.deploymentOrder)
        var graph = CommitGraph(history)
        var facts: [DeploymentFact] = []
        facts.reserveCapacity(production.count)

        for (index, deployment) in successes.enumerated() {
            let shipped = graph.shipNewCommits(from: deployment.sha, deploymentIndex: index)
            var fact = DeploymentFact(
                key: deployment.key, service: history.service, sha: deployment.sha,
                finishedAt: deployment.finishedAt, succeeded: true, isFirst: index == 0,
                unknownCommits: shipped.unknownCommits, hasLinkedChange: shipped.isDeployedShaKnown,
                isRework: deployment.isRework
            )
            let counted = shipped.commits.filter { graph.countsForService(graph.commits[$0]) }
            fact.changeCount = counted.count
            if index > 0 {
                for position in counted {
                    let leadTime = deployment.finishedAt.timeIntervalSince(graph.commits[position].authoredAt)
                    if leadTime < 0 {
                        fact.negativeLeadTimes += 1
                    } else {
                        fact.leadTimes.append(leadTime)
                    }
                }
                fact.leadTimes.sort()
            }
            facts.append(fact)
        }

        markRollbacks(in: &facts, successes: successes)
        let attributions = IncidentAttributor(
            service: history.service, successes: successes, window: settings.attributionWindow
        ).attribute(history.incidents) { graph.deploymentIndex(shipping: $0) }

        for failure in production where failure.result == .failure {
            facts.append(DeploymentFact(
                key: failure.key, service: history.service, sha: failure.sha,
                finishedAt: failure.finishedAt, succeeded: false, isRework: failure.isRework
            ))
        }
        return ServiceLinks(service: history.service, deployments: facts, attributions: attributions)
    }

    /// A rolled-back deployment records when the latest deployment rolling it back finished.
    private func markRollbacks(in facts: inout [DeploymentFact], successes: [Deployment]) {
        var indexById: [String: Int] = [:]
        for (index, deployment) in successes.enumerated() where indexById[deployment.key.id] == nil {
            indexById[deployment.key.id] = index
        }
        for (position, deployment) in successes.enumerated() {
            let index: Int
            if let target = deployment.rollbackOf, let named = indexById[target] {
                index = named
            } else if deployment.rollsBackPrevious, position > 0 {
                index = position - 1
            } else {
                continue
            }
            guard successes[index].key != deployment.key else { continue }
            let previous = facts[index].rolledBackAt ?? .distantPast
            facts[index].rolledBackAt = max(previous, deployment.finishedAt)
        }
    }

    /// Deployments in time order; ties broken by key so that the order is total.
    static func deploymentOrder(_ lhs: Deployment, _ rhs: Deployment) -> Bool {
        if lhs.finishedAt != rhs.finishedAt { return lhs.finishedAt < rhs.finishedAt }
        return lhs.key < rhs.key
    }
}
