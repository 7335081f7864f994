import EventStore
import EventStorePostgres
import Foundation
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import Testing
import ValueStreamModel

/// Several Streamgauge instances on one PostgreSQL database (a server `.ci/run` starts; see
/// scripts/postgres-test-server.sh).
@Suite("PostgreSQL: several instances, one store")
struct PostgresInstancesTests {
    static var serverURL: String? { ProcessInfo.processInfo.environment["STREAMGAUGE_TEST_POSTGRES_URL"] }

    static func freshDatabase() async throws -> String {
        try await PostgresEventStore.createDatabase("instances_" + UUID().uuidString.replacingOccurrences(of: "-", with: "_").lowercased(), at: serverURL!)
    }

    @Test(.enabled(if: serverURL != nil, "needs STREAMGAUGE_TEST_POSTGRES_URL"))
    func twoInstancesIngestingAtOnceReportTheSameExactFigures() async throws {
        let url = try await Self.freshDatabase()
        var configuration = testConfiguration()
        configuration.database = url
        // Two instances: each its own store object and connection pool, one database.
        let first = makeApplication(configuration: configuration, store: try PostgresEventStore(url: url))
        let second = makeApplication(configuration: configuration, store: try PostgresEventStore(url: url))
        let lines = handCheckedHistory.split(separator: "\n").map(String.init)
        let halves = [lines.enumerated().filter { $0.offset % 2 == 0 }.map(\.element), lines.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)]
        let ndjson: HTTPFields = [.contentType: "application/x-ndjson"]
        let uri = "/api/v1/metrics?scope=team&name=payments&from=2026-03-01&to=2026-03-08"
        // Two real servers on their own ports.
        try await first.test(.live) { one in
            try await second.test(.live) { two in
                // Each instance takes half, then both take everything again at the same time.
                async let a = one.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: halves[0].joined(separator: "\n")))
                async let b = two.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: halves[1].joined(separator: "\n")))
                let halvesAnswered = try await [a, b]
                #expect(halvesAnswered.allSatisfy { $0.status == .accepted })
                async let c = one.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory))
                async let d = two.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory))
                let repeats = try await [c, d]
                #expect(repeats.allSatisfy { $0.status == .accepted })
                #expect(repeats.allSatisfy { $0.json["accepted"] as? Int == 0 }, "everything was a duplicate the second time")
                let fromOne = try await one.execute(uri: uri, method: .get).text
                let fromTwo = try await two.execute(uri: uri, method: .get).text
                #expect(fromOne == handCheckedReport)
                #expect(fromTwo == handCheckedReport)
            }
        }
    }

    @Test(.enabled(if: serverURL != nil, "needs STREAMGAUGE_TEST_POSTGRES_URL"))
    func anUnreachableDatabaseIsAClearErrorAndA503() async throws {
        // Nothing listens on port 1.
        let store = try PostgresEventStore(url: "postgres://streamgauge@127.0.0.1:1/none?sslmode=disable", connectAttempts: 2, ingestTimeout: .seconds(2))
        let error = await #expect(throws: PostgresUnavailable.self) { try await store.prepare() }
        #expect(error?.description.contains("PostgreSQL at postgres://streamgauge@127.0.0.1:1/none is not reachable after 2 attempts") == true)
        let engine = MetricsEngine(store: store, organization: testConfiguration().organization, settings: testConfiguration().metrics)
        let router = StreamgaugeApplication.buildRouter(configuration: testConfiguration(), store: store, engine: engine)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: handCheckedHistory)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
                #expect(response.text.contains("nothing was acknowledged"))
            }
        }
    }
}

@Suite("copy-store: from the embedded store to PostgreSQL")
struct CopyStoreTests {
    @Test(.enabled(if: PostgresInstancesTests.serverURL != nil, "needs STREAMGAUGE_TEST_POSTGRES_URL"))
    func theArchiveMovesAndReDerivesTheSameReport() async throws {
        let configuration = testConfiguration()
        let (sqlite, _) = try temporarySQLiteStore()
        try await sqlite.prepare()
        _ = try await IngestService(store: sqlite, organization: configuration.organization).ingest(
            RawRequest(channel: "native", headers: ["content-type": "application/x-ndjson"], body: Data(handCheckedHistory.utf8))
        )
        _ = try await TokenIssuer(store: sqlite).create(name: "ci", scopes: [.ingest])
        try await sqlite.saveConnection(WebhookConnection(name: "shop", tool: .github, secretEnv: "SHOP_SECRET"))
        try await sqlite.saveExperiment(Experiment(id: "exp-1", name: "n", hypothesis: "h", scope: .organization, metric: .leadTime, expected: .decrease, start: Date(timeIntervalSince1970: 1_772_000_000), createdAt: Date()))

        let postgres = try PostgresEventStore(url: try await PostgresInstancesTests.freshDatabase())
        try await postgres.prepare()
        let decoders = try await ConnectionDirectory(configured: [], store: sqlite).decoders(organization: configuration.organization)
        let summary = try await StoreCopier(source: sqlite, target: postgres, organization: configuration.organization, decoders: decoders).run()
        #expect(summary.requests == 1 && summary.tokens == 1 && summary.connections == 1 && summary.experiments == 1)
        #expect(try await postgres.statistics().events == sqlite.statistics().events)

        let engine = MetricsEngine(store: postgres, organization: configuration.organization, settings: configuration.metrics)
        let report = try await engine.report(scope: MetricScope(kind: .team, name: "payments"), window: try WindowParser.window(from: "2026-03-01", to: "2026-03-08"))
        #expect(report.json.serialized() == handCheckedReport)
        #expect(try await postgres.tokens().map(\.name) == ["ci"])
        await #expect(throws: ConfigurationError.self) {
            _ = try await StoreCopier(source: sqlite, target: postgres, organization: configuration.organization, decoders: decoders).run()
        }
    }
}
