import DeliveryMetrics
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import OrganizationGenerator
import StreamgaugeServer
import Testing
import ValueStreamModel

@Suite("Flow through the server, and the demo organisation's constraint")
struct FlowServerTests {
    /// The generator merges pull requests all day but each service deploys only now and then
    /// (from several times a day to a few times a month), while review waits are hours: work
    /// waits longest between merge and production. The map must name that stage, and the
    /// pull request breakdown must agree with the generator's own medians (coding 4 h, pickup
    /// 2 h, review 6 h).
    @Test func theDemoMapNamesTheStageTheGeneratorMadeSlowest() async throws {
        let end = RFC3339.date(from: "2026-06-01T00:00:00Z")!
        let generator = OrganizationGenerator(scale: .demo, seed: 1, end: end)
        let store = InMemoryEventStore()
        let ingest = IngestService(store: store, organization: generator.organization)
        _ = try await BatchLoader(ingest: ingest).load(generator)
        let engine = MetricsEngine(store: store, organization: generator.organization, settings: MetricsSettings())
        let window = DateWindow(from: end.addingTimeInterval(-90 * 86_400), to: end)
        let report = try await engine.flow(scope: .organization, window: window)
        #expect(report.constraint?.name == "Waiting for deployment")
        #expect(report.completed > 100)
        // Independently, from the pull requests themselves: merge-to-production waits dwarf pickup.
        #expect((report.pullRequests.mergeToDeploy.p50Seconds ?? 0) > 2 * (report.pullRequests.pickup.p50Seconds ?? .infinity))
        #expect(abs((report.pullRequests.coding.p50Seconds ?? 0) - 4 * 3_600) < 0.15 * 4 * 3_600)
        #expect(abs((report.pullRequests.pickup.p50Seconds ?? 0) - 2 * 3_600) < 0.15 * 2 * 3_600)
        #expect(abs((report.pullRequests.review.p50Seconds ?? 0) - 6 * 3_600) < 0.15 * 6 * 3_600)
        // Loop-backs (a tenth of the items go back to coding after review) cost review %C&A.
        let review = report.stages.first { $0.definition.name == "Review" }!
        #expect((review.completeAndAccurate ?? 1) < 0.95 && (review.completeAndAccurate ?? 0) > 0.8)
        // The backlog waits a median 3 days in the generator.
        let backlog = report.stages.first { $0.definition.isBacklog }!
        #expect(abs((backlog.time.p50Seconds ?? 0) - 3 * 86_400) < 0.2 * 3 * 86_400)
    }

    @Test func theAPIAndThePageShowTheMap() async throws {
        let lines = [
            #"{"kind":"commit","id":"c1","repository":"github.com/acme/checkout","sha":"c1","parents":[],"authoredAt":"2026-03-01T09:00:00Z","committedAt":"2026-03-01T09:00:00Z","message":"PAY-1 retry payments"}"#,
            #"{"kind":"deployment","id":"d0","service":"checkout","environment":"production","sha":"c0","finishedAt":"2026-02-01T00:00:00Z","result":"success"}"#,
            #"{"kind":"deployment","id":"d1","service":"checkout","environment":"production","sha":"c1","finishedAt":"2026-03-02T09:00:00Z","result":"success"}"#,
            #"{"kind":"work_item","id":"PAY-1","key":"PAY-1","type":"feature","createdAt":"2026-03-01T00:00:00Z","transitions":[{"status":"To Do","at":"2026-03-01T00:00:00Z"}],"service":"checkout"}"#,
        ].joined(separator: "\n")
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: lines))
            try await client.execute(uri: "/api/v1/flow?scope=service&name=checkout&from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.status == .ok)
                let velocity = response.json["flowVelocity"] as? [String: Any]
                #expect(velocity?["completed"] as? Int == 1)
                // Backlog from 00:00 to the first commit at 09:00, coding until production at
                // 09:00 the next day: flow time 24 h, all of it active.
                let flowTime = response.json["flowTime"] as? [String: Any]
                #expect(flowTime?["p50Seconds"] as? Double == 86_400)
                #expect(response.json["flowEfficiency"] as? Double == 1)
            }
            try await client.execute(uri: "/flow?scope=service&name=checkout&from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains("<h1>Value stream map · checkout</h1>"))
                #expect(page.contains(#"<g class="stage point active""#))
                #expect(page.contains("Lead time 24.0 h"))
                #expect(page.contains("<polygon class=\"band\""))
            }
            try await client.execute(uri: "/flow?scope=team&name=nobody", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
