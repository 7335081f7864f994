import Foundation
import ValueStreamModel

/// A finished or running CI run of a tool without deployment events of its own (CircleCI,
/// Jenkins): a pipeline run, or a deployment when the connection's rule names it one.
struct CIRun {
    var id: String
    var name: String
    var sha: String
    var shaField: String
    var repository: String?
    /// The tool's own name for the project, when no repository is known.
    var project: String?
    var queuedAt: Date?
    var startedAt: Date
    var finishedAt: Date?
    var result: PipelineResult

    func event(_ delivery: WebhookDelivery) throws(EventDecodingError) -> IncomingEvent? {
        let rule = delivery.connection.deployments
        guard rule.matches(name) else {
            return IncomingEvent(.pipelineRun(PipelineRun(
                key: delivery.key(.pipelineRun, id), repository: repository,
                service: repository == nil ? try delivery.service(toolName: project, field: "project") : nil,
                pipeline: name, sha: sha, queuedAt: queuedAt, startedAt: startedAt, finishedAt: finishedAt, result: result
            )))
        }
        // A deployment is a finished one: running and cancelled runs deployed nothing.
        guard result == .success || result == .failure, let finishedAt else { return nil }
        guard !sha.isEmpty else { throw EventDecodingError("is required to count the run as a deployment", line: 1, field: shaField) }
        let service = repository != nil ? delivery.service(forRepository: repository!) : try delivery.service(toolName: project, field: "project")
        return IncomingEvent(.deployment(Deployment(
            key: delivery.key(.deployment, id), service: service, environment: delivery.environment(rule.environment),
            sha: sha, repository: repository, startedAt: startedAt, finishedAt: finishedAt, result: result == .success ? .success : .failure
        )))
    }
}
