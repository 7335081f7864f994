import EventStore
import EventStoreSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import ValueStreamModel

/// A configuration with one team and one value stream, as the hand-checked history needs.
func testConfiguration(requiresAuthentication: Bool = false, maxBodyBytes: Int = 1 << 20) -> StreamgaugeConfiguration {
    StreamgaugeConfiguration(
        database: ":memory:", maxBodyBytes: maxBodyBytes, requiresAuthentication: requiresAuthentication,
        organization: OrganizationMap(
            services: [
                ServiceDefinition(name: "checkout", team: "payments", repositories: [RepositoryMapping(repository: "github.com/acme/checkout")]),
                ServiceDefinition(name: "search", team: "discovery"),
            ],
            teams: [TeamDefinition(name: "payments", valueStream: "commerce"), TeamDefinition(name: "discovery", valueStream: "commerce")]
        )
    )
}

/// A fresh SQLite store in a temporary directory.
func temporarySQLiteStore() throws -> (store: SQLiteEventStore, path: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("streamgauge-server-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("store.sqlite").path
    return (try SQLiteEventStore(path: path), path)
}

func makeApplication(configuration: StreamgaugeConfiguration = testConfiguration(), store: any EventStore) -> some ApplicationProtocol {
    StreamgaugeApplication.build(configuration: configuration, store: store)
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

/// The hand-checked history: every figure of its report is worked out in the test below.
let handCheckedHistory = TestFixtures.text("hand-checked-history.ndjson")

/// Its report for team payments over 2026-03-01 .. 2026-03-08, worked out by hand:
/// - four production deployments (d1..d4), one failed attempt: 4/7 = 0.5714 a day, high;
/// - lead times c2 9 h, c3 6 h (d2), c4 2 h (d3); d1 is the first; d4 ships nothing new:
///   p50 6 h = 21600, p85 21600 + 0.7 × 10800 = 29160, elite;
/// - d2 failed (i1, explicit), d3 failed (rolled back by d4): 2/4 = 0.5, low;
/// - recovery d2 3 h, d3 1 h: p50 2 h = 7200, high;
/// - rework: d4 (a rollback): 1/4;
/// - incidents opened: i1 (2 h), i2 (1 h, unattributed: 45 h after d4): p50 5400;
/// - batch sizes d2 2, d3 1, d4 0: p50 1.
let handCheckedReport = #"{"scope":{"kind":"team","name":"payments"},"window":{"from":"2026-03-01T00:00:00Z","to":"2026-03-08T00:00:00Z"},"deploymentFrequency":{"count":4,"perDay":0.5714,"failedAttempts":1,"level":"high"},"leadTimeForChanges":{"changes":3,"p50Seconds":21600.0,"p85Seconds":29160.0,"level":"elite"},"changeFailureRate":{"failed":2,"deployments":4,"rate":0.5,"level":"low"},"failedDeploymentRecoveryTime":{"recovered":2,"open":0,"p50Seconds":7200.0,"level":"high"},"deploymentReworkRate":{"rework":1,"deployments":4,"rate":0.25},"incidentTimeToRestore":{"incidents":2,"p50Seconds":5400.0},"batchSize":{"p50Commits":1.0},"benchmark":"DORA 2023"}"#

/// Files under Tests/Fixtures, shared by the test targets.
enum TestFixtures {
    static func text(_ name: String) -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        return ((try? String(contentsOf: url, encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }
}
