import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import DeliveryMetrics
import Testing

@Suite("HTTP: the overview page")
struct OverviewPageTests {
    @Test func showsTheFiguresOfEveryScope() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: handCheckedHistory))
            try await client.execute(uri: "/?from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = response.text
                #expect(page.contains("2026-03-01 – 2026-03-08"))
                #expect(page.contains("<caption>Value streams</caption>"))
                #expect(page.contains(#"<th scope="row">commerce</th>"#))
                #expect(page.contains(#"<th scope="row">payments</th>"#))
                #expect(page.contains(#"<th scope="row">checkout</th>"#))
                #expect(page.contains("4.0/week")) // 4 deployments in 7 days
                #expect(page.contains("6.0 h")) // lead time p50
                #expect(page.contains("50.0%")) // change failure rate
                #expect(page.contains("level-elite"))
                #expect(page.contains("Local-only mode"))
            }
            try await client.execute(uri: "/?from=soon", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

@Suite("Reports of many scopes at once")
struct ManyScopesTests {
    @Test func equalTheReportsAskedOneByOne() async throws {
        let configuration = testConfiguration()
        let store = InMemoryEventStore()
        _ = try await IngestService(store: store, organization: configuration.organization).ingest(
            .init(channel: "native", headers: ["content-type": "application/x-ndjson"], body: Data((handCheckedHistory + "\n" + #"{"kind":"incident","id":"s1","service":"search","openedAt":"2026-03-04T10:00:00Z"}"#).utf8))
        )
        let engine = MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics)
        let window = try WindowParser.window(from: "2026-03-01", to: "2026-03-08")
        let scopes = [.organization] + (try await engine.scopes())
        let together = try await engine.reports(for: scopes, window: window)
        var separately: [DoraReport] = []
        for scope in scopes { separately.append(try await engine.report(scope: scope, window: window)) }
        #expect(together == separately)
        #expect(together.first { $0.scope.name == "discovery" }?.incidentTimeToRestore.incidents == 1)
        #expect(together.first { $0.scope.name == "payments" }?.incidentTimeToRestore.incidents == 2)
    }
}
