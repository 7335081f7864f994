import Foundation
import ValueStreamModel

/// CircleCI outbound webhooks (FORMATS.md §5.2): `workflow-completed` and `job-completed`, a
/// pipeline run each, or a deployment when the connection's rule matches the workflow or job
/// name.
struct CircleCIWebhookMapper: WebhookMapper {
    let tool = WebhookTool.circleci
    let signature = SignatureScheme.hexHMACList(header: "circleci-signature", version: "v1")
    let headers: Set<String> = ["circleci-event-type"]

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        if let type = delivery.header("circleci-event-type") { return type }
        return try delivery.payload.string("type")
    }

    /// The body's `id` is the delivery's.
    func deliveryId(of delivery: WebhookDelivery) -> String? { (try? delivery.payload.optionalString("id")) ?? nil }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        guard type == "workflow-completed" || type == "job-completed" else { return nil }
        let payload = delivery.payload
        let pipeline = try payload.object("pipeline")
        let vcs = try pipeline.optionalObject("vcs")
        let git = try pipeline.optionalObject("trigger_parameters")?.optionalObject("git")
        let sha = try firstOf(vcs?.optionalString("revision"), git?.optionalString("checkout_sha")) ?? ""
        let url = try firstOf(vcs?.optionalString("origin_repository_url"), git?.optionalString("repo_url"))
        let project = try payload.optionalObject("project")
        let run = try payload.object(type == "workflow-completed" ? "workflow" : "job")
        let status = try run.string("status")
        let result: PipelineResult = switch status {
        case "success": .success
        case "failed", "error", "failing", "infrastructure_fail", "timedout": .failure
        case "canceled", "cancelled", "unauthorized", "not_run": .cancelled
        default: .running
        }
        let happened = try payload.date("happened_at")
        let started = try firstOf(run.optionalDate("created_at"), run.optionalDate("started_at")) ?? happened
        let ciRun = CIRun(
            id: try run.string("id"), name: try run.string("name"), sha: sha, shaField: "pipeline.vcs.revision",
            repository: url.map(delivery.repository(fromURL:)), project: try project?.optionalString("name"),
            queuedAt: try pipeline.optionalDate("created_at"), startedAt: started,
            finishedAt: try firstOf(run.optionalDate("stopped_at"), result == .running ? nil : happened), result: result
        )
        return try ciRun.event(delivery).map { [$0] } ?? []
    }
}
