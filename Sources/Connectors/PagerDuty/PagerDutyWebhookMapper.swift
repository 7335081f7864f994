import Foundation
import ValueStreamModel

/// PagerDuty V3 webhooks (FORMATS.md §3): every `incident.*` event is a partial view of one
/// incident, joined on `event.data.id`; `incident.triggered` opens it and `incident.resolved`
/// resolves it, in whatever order they arrive.
struct PagerDutyWebhookMapper: WebhookMapper {
    let tool = WebhookTool.pagerduty
    let signature = SignatureScheme.hexHMACList(header: "x-pagerduty-signature", version: "v1")
    let headers: Set<String> = ["x-webhook-id"]

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        try delivery.payload.object("event").string("event_type")
    }

    func deliveryId(of delivery: WebhookDelivery) -> String? {
        delivery.header("x-webhook-id") ?? (try? delivery.payload.object("event").optionalString("id")) ?? nil
    }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        guard type.hasPrefix("incident.") else { return nil }
        let event = try delivery.payload.object("event")
        let data = try event.object("data")
        let occurred = try event.date("occurred_at")
        let service = try data.optionalObject("service")
        let serviceId = try service?.optionalString("id")
        let summary = try service?.optionalString("summary")
        // A mapping may name the PagerDuty service by its id or by its name.
        let serviceName = serviceId.flatMap { delivery.connection.services[$0] } ?? summary
        var incident = Incident(
            key: delivery.key(.incident, try data.string("id")),
            services: [try delivery.service(toolName: serviceName, field: "event.data.service.summary")],
            // Events after the trigger may lack `created_at`: their own time is an upper bound,
            // and the merge keeps the earliest opening.
            openedAt: try firstOf(data.optionalDate("created_at"), occurred)!,
            severity: try firstOf(data.optionalObject("priority")?.optionalString("summary"), data.optionalString("urgency")),
            title: try data.optionalString("title")
        )
        if type == "incident.resolved" { incident.resolvedAt = occurred }
        return [IncomingEvent(.incident(incident), mode: .merge)]
    }
}
