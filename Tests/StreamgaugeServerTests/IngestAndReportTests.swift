import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import Testing

@Suite("HTTP: ingest and reports")
struct IngestAndReportTests {
    let ndjson: HTTPFields = [.contentType: "application/x-ndjson"]

    @Test func aHandCheckedHistoryGivesTheExactReport() async throws {
        let (store, _) = try temporarySQLiteStore()
        try await makeApplication(store: store).test(.router) { client in
            try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory)) { response in
                #expect(response.status == .accepted)
                #expect(response.text == #"{"accepted":12,"duplicates":0}"#)
            }
            try await client.execute(uri: "/api/v1/metrics?scope=team&name=payments&from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.text == handCheckedReport)
            }
            // Sending everything again changes nothing.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory)) { response in
                #expect(response.text == #"{"accepted":0,"duplicates":12}"#)
            }
            try await client.execute(uri: "/api/v1/metrics?scope=valueStream&name=commerce&from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.text == handCheckedReport.replacingOccurrences(of: #"{"kind":"team","name":"payments"}"#, with: #"{"kind":"valueStream","name":"commerce"}"#))
            }
        }
    }

    @Test func aBadEventIsNamedAndNothingOfItsRequestIsStored() async throws {
        let (store, _) = try temporarySQLiteStore()
        let bad = handCheckedHistory + "\n" + #"{"kind":"deployment","id":"d9","service":"checkout","environment":"production","sha":"c4","finishedAt":"2026-03-04","result":"success"}"#
        try await makeApplication(store: store).test(.router) { client in
            try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["line"] as? Int == 13)
                #expect(response.json["field"] as? String == "finishedAt")
                #expect((response.json["error"] as? String)?.contains("RFC 3339") == true)
            }
        }
        let statistics = try await store.statistics()
        #expect(statistics.archivedRequests == 0)
        #expect(statistics.events.isEmpty)
    }

    @Test func seriesGivesOneReportPerWeek() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory))
            try await client.execute(uri: "/api/v1/metrics/series?scope=service&name=checkout&from=2026-03-02&to=2026-03-16&period=week", method: .get) { response in
                #expect(response.status == .ok)
                let reports = response.json["reports"] as? [[String: Any]] ?? []
                #expect(reports.count == 2)
                let counts = reports.map { ($0["deploymentFrequency"] as? [String: Any])?["count"] as? Int }
                #expect(counts == [3, 0]) // d2..d4 in the week of 2 March; nothing after
                #expect(response.text.hasPrefix(#"{"period":"week","reports":[{"scope":{"kind":"service","name":"checkout"},"window":{"from":"2026-03-02T00:00:00Z","to":"2026-03-09T00:00:00Z"}"#))
            }
            try await client.execute(uri: "/api/v1/metrics/series?period=fortnight", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "period")
            }
        }
    }

    @Test func everyScopeOfAKindAtOnceGivesEachScopesOwnReport() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory))
            var all: [[String: Any]] = []
            try await client.execute(uri: "/api/v1/metrics/all?scope=service&from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.status == .ok)
                all = response.json["reports"] as? [[String: Any]] ?? []
            }
            let names = all.compactMap { ($0["scope"] as? [String: Any])?["name"] as? String }
            #expect(names.contains("checkout") && names.count >= 2)
            for (name, report) in zip(names, all) {
                try await client.execute(uri: "/api/v1/metrics?scope=service&name=\(name)&from=2026-03-01&to=2026-03-08", method: .get) { response in
                    #expect((response.json as NSDictionary).isEqual(to: report), "service \(name)")
                }
            }
            try await client.execute(uri: "/api/v1/metrics/all?scope=team&from=2026-03-02&to=2026-03-16&period=week", method: .get) { response in
                let series = response.json["series"] as? [[String: Any]] ?? []
                let teams = series.compactMap { ($0["scope"] as? [String: Any])?["name"] as? String }
                #expect(teams.contains("payments"))
                for (team, entry) in zip(teams, series) {
                    try await client.execute(uri: "/api/v1/metrics/series?scope=team&name=\(team)&from=2026-03-02&to=2026-03-16&period=week", method: .get) { one in
                        let reports = entry["reports"] as? [Any] ?? []
                        #expect(reports.count == 2)
                        #expect((one.json["reports"] as? NSArray)?.isEqual(to: reports) == true, "team \(team)")
                    }
                }
            }
            try await client.execute(uri: "/api/v1/metrics/all?scope=organization", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "scope")
            }
        }
    }

    @Test func everyAnswerSaysHowLongTheServerTookOnIt() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            try await client.execute(uri: "/api/v1/metrics?from=2026-03-01&to=2026-03-08", method: .get) { response in
                let header = response.headers[HTTPField.Name("Server-Timing")!] ?? ""
                #expect(header.hasPrefix("app;dur="))
                let milliseconds = Double(header.dropFirst("app;dur=".count)) ?? -1
                #expect(milliseconds > 0 && milliseconds < 60_000)
            }
        }
    }

    @Test func dataQualityReportsGapsAndAttributionMethods() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory))
            try await client.execute(uri: "/api/v1/data-quality?scope=service&name=checkout&from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.text == #"{"deploymentsWithoutLinkedChange":0,"unknownCommits":0,"negativeLeadTimesDropped":0,"unattributedIncidents":1,"attributionsByMethod":{"explicit":1,"sha":0,"heuristic":0}}"#)
            }
        }
    }

    @Test func badQueriesAndUnknownScopesAreClearErrors() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            try await client.execute(uri: "/api/v1/metrics?scope=planet&name=x", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "scope")
            }
            try await client.execute(uri: "/api/v1/metrics?scope=team", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "name")
            }
            try await client.execute(uri: "/api/v1/metrics?scope=team&name=nobody", method: .get) { response in
                #expect(response.status == .notFound)
                #expect((response.json["error"] as? String)?.contains("nobody") == true)
            }
            try await client.execute(uri: "/api/v1/metrics?from=2026-03-08&to=2026-03-01", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "from")
            }
            try await client.execute(uri: "/api/v1/metrics?to=tomorrow", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "to")
            }
            try await client.execute(uri: "/api/v1/events", method: .post, body: ByteBuffer()) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func anEmptyOrganisationReportsNullsNotZeros() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            try await client.execute(uri: "/api/v1/metrics?from=2026-03-01&to=2026-03-08", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""changeFailureRate":{"failed":0,"deployments":0,"rate":null,"level":null}"#))
            }
        }
    }

    @Test func bodiesOverTheLimitAreRefusedWith413() async throws {
        let store = InMemoryEventStore()
        let app = makeApplication(configuration: testConfiguration(maxBodyBytes: 1_000), store: store)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory)) { response in
                #expect(response.status == .contentTooLarge)
                #expect((response.json["error"] as? String)?.contains("1000 bytes") == true)
            }
        }
        #expect(try await store.statistics().archivedRequests == 0)
    }

    @Test func cdeventsAreAcceptedInBinaryAndStructuredMode() async throws {
        let store = InMemoryEventStore()
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/cdevents/conformance")
        let deployed = try Data(contentsOf: fixtures.appendingPathComponent("service_deployed.json"))
        let packaged = try Data(contentsOf: fixtures.appendingPathComponent("artifact_packaged.json"))
        try await makeApplication(store: store).test(.router) { client in
            let binary: HTTPFields = [
                .contentType: "application/json", HTTPField.Name("ce-specversion")!: "1.0", HTTPField.Name("ce-id")!: "e1",
                HTTPField.Name("ce-type")!: "dev.cdevents.service.deployed.0.3.0", HTTPField.Name("ce-source")!: "/event/source/123",
            ]
            try await client.execute(uri: "/api/v1/cdevents", method: .post, headers: binary, body: ByteBuffer(bytes: deployed)) { response in
                #expect(response.status == .accepted)
                #expect(response.text == #"{"accepted":1,"duplicates":0}"#)
            }
            let envelope = #"{"specversion":"1.0","id":"e2","type":"dev.cdevents.artifact.packaged.0.2.0","source":"/s","data":"# + String(decoding: packaged, as: UTF8.self) + "}"
            try await client.execute(uri: "/api/v1/cdevents", method: .post, headers: [.contentType: "application/cloudevents+json"], body: ByteBuffer(string: envelope)) { response in
                #expect(response.status == .accepted)
                #expect(response.text == #"{"accepted":0,"duplicates":0}"#)
            }
            try await client.execute(uri: "/api/v1/cdevents", method: .post, headers: [.contentType: "application/cloudevents+json"], body: ByteBuffer(string: #"{"specversion":"1.0","type":"dev.cdevents.service.deployed.0.3.0"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "data")
            }
        }
        let statistics = try await store.statistics()
        #expect(statistics.archivedRequests == 2) // both accepted requests, the malformed one not
        #expect(statistics.events == ["deployment": 1])
        let archived = try await store.archivedRequests(after: 0, limit: 5)
        #expect(archived.first?.headers["ce-type"] == "dev.cdevents.service.deployed.0.3.0")
    }

    @Test func reprocessRebuildsTheSameReportFromTheArchive() async throws {
        let (store, _) = try temporarySQLiteStore()
        let configuration = testConfiguration()
        try await makeApplication(store: store).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: ndjson, body: ByteBuffer(string: handCheckedHistory))
        }
        let summary = try await Reprocessor(store: store, organization: configuration.organization).run()
        #expect(summary.requests == 1)
        #expect(summary.events == 12)
        let engine = MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics)
        let report = try await engine.report(scope: .init(kind: .team, name: "payments"), window: try WindowParser.window(from: "2026-03-01", to: "2026-03-08"))
        #expect(report.json.serialized() == handCheckedReport)
    }
}
