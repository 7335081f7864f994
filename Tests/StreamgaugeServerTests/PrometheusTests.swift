import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import Testing

@Suite("Prometheus /metrics and the Grafana dashboard")
struct PrometheusTests {
    /// The hand-checked history moved to the last 30 days, so that it falls in the gauges' window.
    func recentHistory() -> String {
        let shift = Date().timeIntervalSince(time("2026-03-01T00:00:00Z")) - 20 * 86_400
        var text = handCheckedHistory
        let pattern = try! NSRegularExpression(pattern: "2026-03-0[0-9]T[0-9:]+Z")
        for match in pattern.matches(in: handCheckedHistory, range: NSRange(handCheckedHistory.startIndex..., in: handCheckedHistory)).reversed() {
            let range = Range(match.range, in: text)!
            let moved = time(String(text[range])).addingTimeInterval(shift)
            text.replaceSubrange(range, with: RFC3339Text.string(moved))
        }
        return text
    }

    /// A work item of checkout that left the backlog 9 days ago and was done a day later.
    func recentWorkItem() -> String {
        let day = { (days: Double) in RFC3339Text.string(Date().addingTimeInterval(-days * 86_400)) }
        return #"{"kind":"work_item","id":"PAY-9","key":"PAY-9","type":"defect","createdAt":"\#(day(10))","service":"checkout","transitions":[{"status":"To Do","at":"\#(day(10))"},{"status":"In Progress","at":"\#(day(9))"},{"status":"Done","at":"\#(day(8))"}]}"#
    }

    func scrape() async throws -> String {
        let history = recentHistory() + "\n" + recentWorkItem()
        return try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: history))
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: "{broken"))
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            return response.text
        }
    }

    @Test func exportsTheDoraFiguresPerScopeAndTheServersOwn() async throws {
        let text = try await scrape()
        #expect(text.contains(#"streamgauge_deployments{scope="team",team="payments",value_stream="commerce",window_days="30"} 4"#))
        #expect(text.contains(#"streamgauge_lead_time_p50_seconds{scope="service",service="checkout",team="payments",value_stream="commerce",window_days="30"} 21600"#))
        #expect(text.contains(#"streamgauge_change_failure_rate{scope="organization",window_days="30"} 0.5"#))
        #expect(!text.contains(#"streamgauge_lead_time_p50_seconds{scope="service",service="search""#), "no value, no sample")
        #expect(text.contains(#"streamgauge_ingested_events_total{channel="native"} 13"#))
        #expect(text.contains(#"streamgauge_flow_items_completed{scope="team",team="payments",value_stream="commerce",window_days="30"} 1"#))
        #expect(text.contains(#"streamgauge_flow_time_p50_seconds{scope="value_stream",value_stream="commerce",window_days="30"} 86400"#))
        #expect(text.contains(#"streamgauge_flow_efficiency{scope="organization",window_days="30"} 1"#))
        #expect(text.contains(#"streamgauge_flow_items_completed{scope="service",service="checkout",team="payments",value_stream="commerce",window_days="30"} 1"#))
        #expect(text.contains(#"streamgauge_ingest_requests_total{channel="native",outcome="rejected"} 1"#))
        #expect(text.contains("streamgauge_ingest_duration_seconds_bucket"))
        #expect(!text.contains("author"))
    }

    @Test func everyDashboardQueryNamesAnExportedMetric() async throws {
        let text = try await scrape()
        let exported = Set(text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) })
        let dashboardURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("grafana/streamgauge-dashboard.json")
        let dashboard = try String(contentsOf: dashboardURL, encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(dashboard.utf8)) as? [String: Any]
        let panels = json?["panels"] as? [[String: Any]] ?? []
        var expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        if let templating = (json?["templating"] as? [String: Any])?["list"] as? [[String: Any]] {
            expressions += templating.compactMap { $0["definition"] as? String }
        }
        #expect(expressions.count >= 10)
        let names = try NSRegularExpression(pattern: "streamgauge_[a-z0-9_]+")
        for expression in expressions {
            let found = names.matches(in: expression, range: NSRange(expression.startIndex..., in: expression)).map { String(expression[Range($0.range, in: expression)!]) }
            #expect(!found.isEmpty, "\(expression) names no metric")
            for name in found {
                var base = name
                for suffix in ["_bucket", "_sum", "_count"] where base.hasSuffix(suffix) && !exported.contains(base) { base.removeLast(suffix.count) }
                #expect(exported.contains(base), "\(name) in \(expression) is not exported")
            }
        }
    }
}

/// RFC 3339 text for moved test times.
enum RFC3339Text {
    static func string(_ date: Date) -> String { date.formatted(.iso8601) }
}

func time(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
