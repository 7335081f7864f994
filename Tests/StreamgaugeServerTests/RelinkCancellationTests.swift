import EventStore
import EventStoreSQLite
import Foundation
import StreamgaugeServer
import Testing
import ValueStreamModel

@Suite("Relinking stops when its caller is cancelled")
struct RelinkCancellationTests {
    /// A server shutting down cancels its background relinking: the refresh stops before its
    /// next service instead of relinking every stale one first, and what it did not reach stays
    /// stale for the next refresh, which links it.
    @Test func aCancelledRefreshStopsBetweenServicesAndLeavesTheRestStale() async throws {
        let (store, _) = try temporarySQLiteStore()
        try await store.prepare()
        let services = (0..<1_500).map { String(format: "service-%04d", $0) }
        let events = services.map { service in
            IncomingEvent(.deployment(Deployment(
                key: EventKey(source: "api", kind: .deployment, id: "\(service)-1"), service: service, environment: "production",
                sha: "\(service)-sha", finishedAt: Date(timeIntervalSince1970: 1_772_000_000), result: .success
            )))
        }
        let request = RawRequest(channel: "native", headers: ["content-type": "application/json"], body: Data("{}".utf8))
        _ = try await store.ingest(request, events: events, organization: OrganizationMap())
        #expect(try await store.staleServices().count == 1_500)

        let engine = MetricsEngine(store: store, organization: OrganizationMap(), settings: MetricsSettings())
        let refreshing = Task { try await engine.refreshLinks() }
        // Cancelled once the refresh has linked something (each service is a write of its own).
        let deadline = Date().addingTimeInterval(30)
        while try await store.staleServices().count == 1_500, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        refreshing.cancel()
        await #expect(throws: CancellationError.self) { try await refreshing.value }
        let left = try await store.staleServices().count
        #expect(left > 0 && left < 1_500, "\(left) services still stale")

        #expect(try await engine.refreshLinks() == left)
        #expect(try await store.staleServices().isEmpty)
    }
}
