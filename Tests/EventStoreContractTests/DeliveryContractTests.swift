import EventStore
import Foundation
import Testing
import ValueStreamModel

@Suite("Store contract: webhook deliveries and connections")
struct DeliveryContractTests {
    @Test(arguments: StoreKind.allCases)
    func aRedeliveryIsStoredOnce(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        var delivery = request(#"{"n":1}"#)
        delivery.deliveryKey = "github-shop:abc"
        let first = try await store.ingest(delivery, events: [IncomingEvent(deployment("d1", sha: "a", "2026-03-02T10:00:00Z"))], organization: organization)
        #expect(first.accepted == 1 && !first.isRedelivery)
        let again = try await store.ingest(delivery, events: [IncomingEvent(deployment("d1", sha: "a", "2026-03-02T10:00:00Z"))], organization: organization)
        #expect(again.isRedelivery)
        #expect(again.sequence == first.sequence)
        #expect(again.accepted == 0 && again.duplicates == 1)
        delivery.deliveryKey = "github-shop:def"
        #expect(try await !store.ingest(delivery, events: [], organization: organization).isRedelivery)
        let archived = try await store.archivedRequests(after: 0, limit: 10)
        #expect(archived.map(\.deliveryKey) == ["github-shop:abc", "github-shop:def"])
    }

    @Test(arguments: StoreKind.allCases)
    func anAmendmentChangesOnlyWhatExists(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.ingest(request(), events: [IncomingEvent(incident("i1", opened: "2026-03-02T10:00:00Z"))], organization: organization)
        let closing: [IncomingEvent] = [
            IncomingEvent(incident("i1", opened: "2026-03-02T12:00:00Z", resolved: "2026-03-02T12:00:00Z", services: []), mode: .amend),
            IncomingEvent(incident("i2", opened: "2026-03-02T12:00:00Z", resolved: "2026-03-02T12:00:00Z", services: []), mode: .amend),
        ]
        let receipt = try await store.ingest(request(), events: closing, organization: organization)
        #expect(receipt.accepted == 1)
        let incidents = try await store.history(of: "checkout").incidents
        #expect(incidents.count == 1)
        #expect(incidents.first?.openedAt == at("2026-03-02T10:00:00Z"))
        #expect(incidents.first?.resolvedAt == at("2026-03-02T12:00:00Z"))
        #expect(incidents.first?.services == ["checkout"])
    }

    @Test(arguments: StoreKind.allCases)
    func connectionsAreSavedListedAndRemoved(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let connection = WebhookConnection(name: "shop", tool: .github, secretEnv: "SHOP_SECRET", services: ["github.com/acme/shop": "shop"], releaseTags: "v*")
        try await store.saveConnection(connection)
        try await store.saveConnection(WebhookConnection(name: "alerts", tool: .pagerduty, secretFile: "/run/secrets/pd"))
        #expect(try await store.connections().map(\.name) == ["alerts", "shop"])
        #expect(try await store.connections().last == connection)
        #expect(try await store.removeConnection(name: "alerts"))
        #expect(try await !store.removeConnection(name: "alerts"))
        #expect(try await store.connections() == [connection])
    }
}
