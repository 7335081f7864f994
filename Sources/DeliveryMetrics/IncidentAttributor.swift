import Foundation
import ValueStreamModel

/// Ties each incident of a service to at most one of its successful production deployments,
/// first rule that applies: explicit deployment, causing sha, then the time-window heuristic.
struct IncidentAttributor {
    let service: String
    /// Successful production deployments in time order.
    let successes: [Deployment]
    let window: TimeInterval

    func attribute(_ incidents: [Incident], deployedBy: (String) -> Int?) -> [AttributionCandidate] {
        var indexById: [String: Int] = [:]
        for (index, deployment) in successes.enumerated() where indexById[deployment.key.id] == nil {
            indexById[deployment.key.id] = index
        }
        var candidates: [AttributionCandidate] = []
        for incident in incidents where incident.services.contains(service) {
            guard let (index, method) = cause(of: incident, indexById: indexById, deployedBy: deployedBy) else {
                continue
            }
            let deployment = successes[index]
            candidates.append(AttributionCandidate(
                incident: incident.key, deployment: deployment.key, service: service,
                deploymentFinishedAt: deployment.finishedAt, method: method
            ))
        }
        return candidates
    }

    private func cause(
        of incident: Incident, indexById: [String: Int], deployedBy: (String) -> Int?
    ) -> (Int, AttributionMethod)? {
        switch incident.causedBy {
        case .deployment(let id):
            if let index = indexById[id] { return (index, .explicit) }
        case .sha(let sha):
            if let index = deployedBy(sha) { return (index, .sha) }
        case nil:
            break
        }
        guard window > 0, let index = latestDeployment(atOrBefore: incident.openedAt),
              incident.openedAt.timeIntervalSince(successes[index].finishedAt) <= window else {
            return nil
        }
        return (index, .heuristic)
    }

    /// Binary search: the last deployment that finished at or before `date`.
    private func latestDeployment(atOrBefore date: Date) -> Int? {
        var low = 0
        var high = successes.count
        while low < high {
            let middle = (low + high) / 2
            if successes[middle].finishedAt <= date { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}
