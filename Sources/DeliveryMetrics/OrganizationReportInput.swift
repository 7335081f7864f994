import Foundation
import ValueStreamModel

/// One reading of many services' facts, prepared once for the reports of many scopes (the
/// overview, every service at once, every team's trend): facts and incidents grouped by service
/// and sorted by time, and incident blame worked out once (an incident is blamed on its best
/// candidate among all its services, whatever the scope). A scope then takes its services'
/// slices instead of filtering everything read.
public struct OrganizationReportInput: Sendable {
    private let deploymentsByService: [String: [DeploymentFact]]
    private let incidentsByService: [String: [Incident]]
    private let blame: IncidentBlame

    public init(_ input: ReportInput) {
        var deployments: [String: [DeploymentFact]] = [:]
        for fact in input.deployments { deployments[fact.service, default: []].append(fact) }
        var incidents: [String: [Incident]] = [:]
        for incident in input.incidents {
            for service in incident.services { incidents[service, default: []].append(incident) }
        }
        deploymentsByService = deployments.mapValues { $0.sorted { $0.finishedAt < $1.finishedAt } }
        incidentsByService = incidents.mapValues { $0.sorted { $0.openedAt < $1.openedAt } }
        blame = IncidentBlame(input: input)
    }

    /// The input of a scope covering `services`. An incident of several of them appears once per
    /// service; reports count each incident once.
    public func scoped(to services: [String]) -> PreparedReportInput {
        let present = services.filter { deploymentsByService[$0] != nil || incidentsByService[$0] != nil }
        if present.count == 1 {
            let service = present[0]
            return PreparedReportInput(
                deployments: deploymentsByService[service] ?? [], incidents: incidentsByService[service] ?? [], blame: blame
            )
        }
        let deployments = present.flatMap { deploymentsByService[$0] ?? [] }.sorted { $0.finishedAt < $1.finishedAt }
        var seen: Set<EventKey> = []
        let incidents = present.flatMap { incidentsByService[$0] ?? [] }
            .filter { seen.insert($0.key).inserted }
            .sorted { $0.openedAt < $1.openedAt }
        return PreparedReportInput(deployments: deployments, incidents: incidents, blame: blame)
    }
}
