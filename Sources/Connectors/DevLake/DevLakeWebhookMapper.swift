import Foundation
import ValueStreamModel

/// The request shapes of Apache DevLake's webhook plugin (FORMATS.md §6), so that scripts
/// written for it work here unchanged: `deployments` (one deployment per repository it names),
/// `issues` (an incident when `type` is `INCIDENT`, a work item otherwise) and
/// `issue/<key>/close`. Which one a request is comes from its URL.
struct DevLakeWebhookMapper: WebhookMapper {
    let tool = WebhookTool.devlake
    let signature = SignatureScheme.sharedSecret
    let headers: Set<String> = []

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        guard let path = delivery.header(WebhookDecoder.pathHeader) else {
            throw EventDecodingError("a DevLake request names deployments, issues or issue/<key>/close in its path", line: 1)
        }
        return path.hasPrefix("issue/") && path.hasSuffix("/close") ? "close" : path
    }

    func deliveryId(of delivery: WebhookDelivery) -> String? { nil }

    func json(of request: RawRequest) -> Data {
        // A close request has no body.
        request.body.isEmpty ? Data("{}".utf8) : request.body
    }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        switch type {
        case "deployments": return try deployments(delivery)
        case "issues": return [try issue(delivery)]
        case "close": return try close(delivery)
        case "pull_requests": return nil
        default: throw EventDecodingError("unknown DevLake request \(type)", line: 1)
        }
    }

    private func deployments(_ delivery: WebhookDelivery) throws(EventDecodingError) -> [IncomingEvent] {
        let payload = delivery.payload
        let id = try payload.string("id")
        let overall = try payload.optionalString("result") ?? "SUCCESS"
        let environment = (try payload.optionalString("environment") ?? "PRODUCTION").lowercased()
        let started = try firstOf(payload.optionalDate("startedDate"), payload.optionalDate("createdDate"))
        let finished = try payload.date("finishedDate")
        let commits = try payload.objects("deploymentCommits")
        guard !commits.isEmpty else { throw payload.failure("deploymentCommits", "is empty: name the commit of each repository deployed") }
        var events: [IncomingEvent] = []
        for commit in commits {
            // Each repository's deployment may have its own result; ABORT and MANUAL deployed nothing.
            let result: DeploymentResult
            switch (try commit.optionalString("result") ?? overall).uppercased() {
            case "SUCCESS": result = .success
            case "FAILURE": result = .failure
            default: continue
            }
            let repository = delivery.repository(fromURL: try commit.string("repoUrl"))
            events.append(IncomingEvent(.deployment(Deployment(
                key: delivery.key(.deployment, commits.count == 1 ? id : "\(id)@\(repository)"),
                service: delivery.service(forRepository: repository), environment: delivery.environment(environment),
                sha: try commit.string("commitSha"), repository: repository,
                startedAt: try commit.optionalDate("startedDate") ?? started,
                finishedAt: try commit.optionalDate("finishedDate") ?? finished, result: result
            ))))
        }
        return events
    }

    private func issue(_ delivery: WebhookDelivery) throws(EventDecodingError) -> IncomingEvent {
        let payload = delivery.payload
        let key = try payload.string("issueKey")
        let title = try payload.string("title")
        let created = try payload.date("createdDate")
        let status = try payload.string("status").uppercased()
        guard ["TODO", "IN_PROGRESS", "DONE"].contains(status) else { throw payload.failure("status", "must be TODO, IN_PROGRESS or DONE") }
        let updated = try payload.optionalDate("updatedDate") ?? created
        let resolved = try payload.optionalDate("resolutionDate") ?? (status == "DONE" ? updated : nil)
        let service = try delivery.service(toolName: payload.optionalString("component"), field: "component")
        let type = (try payload.optionalString("type") ?? "REQUIREMENT").uppercased()
        if type == "INCIDENT" {
            return IncomingEvent(.incident(Incident(
                key: delivery.key(.incident, key), services: [service], openedAt: created, resolvedAt: resolved,
                severity: try payload.optionalString("severity").flatMap { $0.isEmpty ? nil : $0 }, title: title
            )), mode: .merge)
        }
        let status_ = try payload.optionalString("originalStatus") ?? status
        return IncomingEvent(.workItem(WorkItem(
            key: delivery.key(.workItem, key), itemKey: key, type: type == "BUG" ? .defect : .feature, createdAt: created,
            transitions: [StatusTransition(status: status_, at: updated)], title: title, service: service
        )), mode: .merge)
    }

    /// Closes whichever of the incident and the work item with that key exists, now.
    private func close(_ delivery: WebhookDelivery) throws(EventDecodingError) -> [IncomingEvent] {
        guard let path = delivery.header(WebhookDecoder.pathHeader) else { return [] }
        let key = String(path.dropFirst("issue/".count).dropLast("/close".count))
        guard !key.isEmpty else { throw EventDecodingError("the path names no issue key", line: 1) }
        let now = delivery.request.receivedAt
        return [
            IncomingEvent(.incident(Incident(key: delivery.key(.incident, key), services: [], openedAt: now, resolvedAt: now)), mode: .amend),
            IncomingEvent(.workItem(WorkItem(
                key: delivery.key(.workItem, key), itemKey: key, type: .feature, createdAt: now,
                transitions: [StatusTransition(status: "DONE", at: now)]
            )), mode: .amend),
        ]
    }
}
