import Foundation
import ValueStreamModel

/// Opsgenie's outgoing webhook (FORMATS.md §5.5): an alert's `Create` opens an incident and its
/// `Close` resolves it (`createdAt` in milliseconds, `updatedAt` in nanoseconds).
struct OpsgenieWebhookMapper: WebhookMapper {
    let tool = WebhookTool.opsgenie
    let signature = SignatureScheme.sharedSecret
    let headers: Set<String> = []

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        try delivery.payload.string("action")
    }

    /// Opsgenie sends no delivery id: an alert's action at its update time is one delivery.
    func deliveryId(of delivery: WebhookDelivery) -> String? {
        guard let alert = try? delivery.payload.object("alert"), let id = try? alert.string("alertId"),
              let action = try? delivery.payload.string("action") else { return nil }
        let updated = (try? alert.optionalInt64("updatedAt")).flatMap { $0 }.map(String.init) ?? ""
        return "\(id):\(action):\(updated)"
    }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        guard ["Create", "Close", "Acknowledge"].contains(type) else { return nil }
        let alert = try delivery.payload.object("alert")
        guard let created = try alert.optionalEpoch("createdAt", perSecond: 1_000) else { throw alert.failure("createdAt", "is required (milliseconds since 1970)") }
        let tags = try alert.strings("tags")
        let entity = try alert.optionalString("entity")
        let mapped = ([entity].compactMap { $0 } + tags).first { delivery.connection.services[$0] != nil }
        var incident = Incident(
            key: delivery.key(.incident, try alert.string("alertId")),
            services: [try delivery.service(toolName: mapped ?? entity, field: "alert.entity")],
            openedAt: created, severity: try alert.optionalIdentifier("priority"), title: try alert.optionalString("message")
        )
        if type == "Close" {
            incident.resolvedAt = try alert.optionalEpoch("updatedAt", perSecond: 1_000_000_000) ?? delivery.request.receivedAt
        }
        return [IncomingEvent(.incident(incident), mode: .merge)]
    }
}
