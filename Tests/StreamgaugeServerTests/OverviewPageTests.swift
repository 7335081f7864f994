import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import DeliveryMetrics
import Testing

@Suite("HTTP: the dashboard pages over the hand-checked history")
struct DashboardPagesTests {
    let window = "from=2026-03-01&to=2026-03-08"

    func withHistory(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: handCheckedHistory))
            try await body(client)
        }
    }

    @Test func theOverviewShowsTheFiguresOfEveryScope() async throws {
        try await withHistory { client in
            try await client.execute(uri: "/?\(window)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = response.text
                #expect(page.contains("2026-03-01 – 2026-03-08"))
                #expect(page.contains("<caption>Value streams</caption>"))
                #expect(page.contains(#"<a href="/value-stream/commerce?from=2026-03-01&amp;to=2026-03-08&amp;period=week">commerce</a>"#))
                #expect(page.contains(#"<a href="/team/payments?"#))
                #expect(page.contains(#"<a href="/service/checkout?"#))
                #expect(page.contains("4.0/week")) // 4 deployments in 7 days
                #expect(page.contains("6.0 h")) // lead time p50
                #expect(page.contains("50.0%")) // change failure rate
                #expect(page.contains("level-elite"))
                #expect(page.contains("Local-only mode"))
            }
            try await client.execute(uri: "/?from=soon", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/?period=day", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func aTeamPageHasItsFiguresChartsAndTimeline() async throws {
        try await withHistory { client in
            try await client.execute(uri: "/team/payments?\(window)&period=week", method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains("<h1>payments · team</h1>"))
                for figure in ["4.0/week", "6.0 h", "50.0%", "2.0 h", "25.0%"] { #expect(page.contains("<div class=\"value\">\(figure)</div>"), "\(figure)") }
                // The week of 2026-02-23 and the week of 2026-03-02 cover the window.
                #expect(page.contains("<title>2026-03-02 · deployments: 3</title>"))
                // d2 (incident) and d3 (rolled back) failed in production, d4 rolled back, one failed attempt.
                #expect(page.components(separatedBy: #"class="deploy point failed""#).count - 1 == 2)
                #expect(page.components(separatedBy: #"class="deploy point rework""#).count - 1 == 1)
                #expect(page.components(separatedBy: #"class="deploy point attempt""#).count - 1 == 1)
                #expect(page.components(separatedBy: #"<rect class="incident point""#).count - 1 == 2)
                // Lead times 9 h, 6 h, 2 h.
                #expect(page.contains(#"<tr><th scope="row">4–24 h</th><td>2</td></tr>"#))
                #expect(page.contains(#"<tr><th scope="row">1–4 h</th><td>1</td></tr>"#))
                #expect(page.contains(#"<a href="/service/checkout?"#))
                #expect(page.contains(#"<input type="date" name="to" value="2026-03-08" required>"#))
            }
            try await client.execute(uri: "/service/checkout?\(window)&period=month", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<title>2026-03-01 · deployments: 4</title>"))
            }
            try await client.execute(uri: "/team/nobody", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func dataQualityWallAndBadges() async throws {
        try await withHistory { client in
            try await client.execute(uri: "/data-quality?scope=team&name=payments&\(window)", method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains(#"<tr><th scope="row">Incidents with no attribution</th><td>1</td></tr>"#))
                #expect(page.contains(#"<tr><th scope="row">Incidents attributed by explicit link</th><td>1</td></tr>"#))
                #expect(page.contains(#"<th scope="row">native</th><td>1</td>"#))
                #expect(page.contains(#"<input type="hidden" name="scope" value="team">"#))
            }
            try await client.execute(uri: "/wall?team=payments", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("http-equiv=\"refresh\""))
                #expect(!response.text.contains("<nav"))
            }
            try await client.execute(uri: "/wall?team=nobody", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/badge/team/payments/change-failure-rate.svg?\(window)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/svg+xml; charset=utf-8")
                #expect(response.text.contains("change failure rate: 50.0%"))
            }
            try await client.execute(uri: "/badge/team/payments/happiness.svg", method: .get) { response in
                #expect(response.status == .notFound)
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
        let trends = try await engine.trends(for: scopes, window: window, period: .week)
        #expect(trends.map(\.report) == together, "the pages' reports are the API's")
    }
}
