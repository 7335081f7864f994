import Foundation
import ValueStreamModel

/// Jira webhooks (FORMATS.md §4): `jira:issue_created` and `jira:issue_updated` become a work
/// item whose status transitions come from the changelog, dated by the top-level `timestamp`
/// (the changelog items carry no time). An issue of the connection's incident type is also an
/// incident.
struct JiraWebhookMapper: WebhookMapper {
    let tool = WebhookTool.jira
    let signature = SignatureScheme.hexHMAC(header: "x-hub-signature", prefix: "sha256=")
    let headers: Set<String> = ["x-atlassian-webhook-identifier"]

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        try delivery.payload.string("webhookEvent")
    }

    func deliveryId(of delivery: WebhookDelivery) -> String? { delivery.header("x-atlassian-webhook-identifier") }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        guard type == "jira:issue_created" || type == "jira:issue_updated" else { return nil }
        let payload = delivery.payload
        guard let at = try payload.optionalEpoch("timestamp", perSecond: 1_000) else { throw payload.failure("timestamp", "is required (milliseconds since 1970)") }
        let issue = try payload.object("issue")
        let fields = try issue.object("fields")
        let key = try issue.string("key")
        let issueType = try fields.object("issuetype").string("name")
        let created = try fields.date("created")
        let service = try delivery.service(toolName: fields.optionalObject("project")?.optionalString("key"), field: "issue.fields.project.key")
        var transitions: [StatusTransition] = []
        if type == "jira:issue_created", let status = try fields.optionalObject("status")?.optionalString("name") {
            transitions.append(StatusTransition(status: status, at: created))
        }
        for item in try payload.optionalObject("changelog")?.objects("items") ?? [] where try item.optionalString("field") == "status" {
            if let status = try item.optionalString("toString") { transitions.append(StatusTransition(status: status, at: at)) }
        }
        let title = try fields.optionalString("summary")
        var events = [IncomingEvent(.workItem(WorkItem(
            key: delivery.key(.workItem, key), itemKey: key, type: Self.flowType(issueType, incidentType: delivery.connection.incidentIssueType),
            createdAt: created, transitions: transitions, title: title, service: service
        )), mode: .merge)]
        if issueType.caseInsensitiveCompare(delivery.connection.incidentIssueType) == .orderedSame {
            let isDone = try fields.optionalObject("status")?.optionalObject("statusCategory")?.optionalString("key") == "done"
            let resolved = try fields.optionalDate("resolutiondate") ?? (isDone ? at : nil)
            events.append(IncomingEvent(.incident(Incident(
                key: delivery.key(.incident, key), services: [service], openedAt: created, resolvedAt: resolved,
                severity: try fields.optionalObject("priority")?.optionalString("name"), title: title
            )), mode: .merge))
        }
        return events
    }

    /// Jira issue types to the Flow Framework's four item types.
    static func flowType(_ issueType: String, incidentType: String) -> WorkItemType {
        let name = issueType.lowercased()
        if name == incidentType.lowercased() || ["bug", "defect", "incident", "problem"].contains(name) { return .defect }
        if name.contains("risk") || name.contains("security") || name.contains("compliance") || name.contains("vulnerab") { return .risk }
        if name.contains("debt") || name.contains("chore") || name.contains("refactor") || name.contains("maintenance") { return .debt }
        return .feature
    }
}
