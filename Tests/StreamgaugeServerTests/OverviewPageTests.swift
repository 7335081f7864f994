import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
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
