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

@Suite("Store contract: what flow reads back")
struct FlowReadContractTests {
    /// Work items link to code by the keys in commit messages: every store gives them back with
    /// a service's history, and lists work items by kind.
    @Test(arguments: StoreKind.allCases)
    func historyKeepsCommitsWorkItemKeysAndWorkItemsAreListed(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let keyed = Commit(key: EventKey(source: "git", kind: .commit, id: "k1"), repository: "github.com/acme/checkout", sha: "k1", parents: [],
                           authoredAt: at("2026-03-01T09:00:00Z"), committedAt: at("2026-03-01T09:00:00Z"), message: "PAY-7 retry", workItemKeys: ["PAY-7", "OPS-2"])
        let item = WorkItem(key: EventKey(source: "jira", kind: .workItem, id: "PAY-7"), itemKey: "PAY-7", type: .feature,
                            createdAt: at("2026-03-01T00:00:00Z"), transitions: [StatusTransition(status: "To Do", at: at("2026-03-01T00:00:00Z"))])
        _ = try await store.ingest(request(), events: [IncomingEvent(.commit(keyed)), IncomingEvent(.workItem(item))], organization: organization)
        let commits = try await store.history(of: "checkout").commits
        #expect(commits.map(\.workItemKeys) == [["PAY-7", "OPS-2"]])
        let items = try await store.events(ofKind: .workItem)
        #expect(items == [.workItem(item)])
    }
}
