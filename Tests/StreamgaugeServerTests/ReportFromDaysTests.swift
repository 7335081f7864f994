import DeliveryMetrics
import EventStore
import EventStoreSQLite
import Foundation
import OrganizationGenerator
import StreamgaugeServer
import Testing
import ValueStreamModel

@Suite("A report over whole days equals the report over every fact")
struct ReportFromDaysTests {
    /// The demo organisation (20 services, half a year, rollbacks and incidents of several
    /// services) in a real SQLite file: for every service, team, value stream and the
    /// organisation, and windows aligned to days, cut inside days, shorter than a day and
    /// beyond the data, the report read from the kept days equals, figure for figure, the one
    /// summed from every fact of the window. (An in-memory store keeps dates as sent, the
    /// SQLite file as seconds since 1970, so their lead times differ in the last digits: they
    /// are not compared here.)
    @Test func everyScopeAndWindowGivesTheSameReport() async throws {
        let end = RFC3339.date(from: "2026-06-01T00:00:00Z")!
        let generator = OrganizationGenerator(scale: .demo, seed: 2, end: end)
        let (sqlite, path) = try temporarySQLiteStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try await sqlite.prepare()
        _ = try await BatchLoader(ingest: IngestService(store: sqlite, organization: generator.organization)).load(generator)
        let engine = MetricsEngine(store: sqlite, organization: generator.organization, settings: MetricsSettings())
        try await engine.refreshLinks()
        let organization = generator.organization
        let known = try await sqlite.knownServices()
        let scopes = [MetricScope.organization]
            + organization.valueStreamNames.map { MetricScope(kind: .valueStream, name: $0) }
            + organization.teamNames.map { MetricScope(kind: .team, name: $0) }
            + known.map { MetricScope(kind: .service, name: $0) }
        func ending(_ offset: TimeInterval, days: Double) -> DateWindow {
            DateWindow(from: end.addingTimeInterval(offset - days * 86_400), to: end.addingTimeInterval(offset))
        }
        let windows = [
            ending(0, days: 90), ending(-48_137.25, days: 90), ending(-3 * 86_400 + 0.001, days: 7),
            ending(-86_400, days: 1), ending(-40_000, days: 0.5), ending(-20 * 86_400 - 43_200, days: 1.5),
            ending(0, days: 200), ending(30 * 86_400, days: 20),
        ]
        let builder = DoraReportBuilder(levels: MetricsSettings().levels)
        var failed = 0, rolledBack = 0, blamedAcrossServices = 0
        for window in windows {
            for scope in scopes {
                let services = organization.services(in: scope, known: known)
                let summed = try await engine.report(scope: scope, window: window)
                let facts = try await sqlite.reportInput(services: services, window: window)
                #expect(summed == builder.report(scope: scope, window: window, input: facts), "\(scope) \(window)")
                if scope == .organization {
                    failed += summed.changeFailureRate.failed
                    rolledBack += facts.deployments.filter { $0.rolledBackAt != nil }.count
                    blamedAcrossServices += facts.attributions.count - Set(facts.attributions.map(\.incident)).count
                }
            }
        }
        // The data exercises what the days leave to the report: failures by blame and by
        // rollback, and incidents with candidates in more than one service.
        #expect(failed > 0 && rolledBack > 0 && blamedAcrossServices > 0, "failed \(failed), rolled back \(rolledBack), shared \(blamedAcrossServices)")

        // The 90 days are read as days, not facts: the test would pass trivially otherwise.
        let input = try #require(try await sqlite.windowReportInputIfLinked(services: known, window: windows[0]))
        let facts = try await sqlite.reportInput(services: known, window: windows[0])
        #expect(input.wholeDays.count == 90 && input.days.leadTimes.runCount > 90)
        #expect(input.edgeDeployments.count < 10 && input.rolledBack.count < facts.deployments.count / 10)
    }

    /// One service's report reads on the request's own thread; reports of several services read
    /// through the pool of readers, asynchronously. Many of both at once must all finish: were
    /// the first to wait for one of the pool's readers, it could block the very threads that the
    /// second need to give their readers back. (Reading one service's window from the pool
    /// synchronously hung here three times in three; a hang outlives the time limit, whose
    /// watchdog needs a thread too.)
    @Test(.timeLimit(.minutes(1)))
    func manyReportsAtOnceAllFinish() async throws {
        let (store, path) = try temporarySQLiteStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try await store.prepare()
        let configuration = testConfiguration()
        let lines = handCheckedHistory.split(separator: "\n").map { Data($0.utf8) }
        _ = try await BatchLoader(ingest: IngestService(store: store, organization: configuration.organization)).load(lines: lines)
        let engine = MetricsEngine(store: store, organization: configuration.organization, settings: MetricsSettings())
        try await engine.refreshLinks()
        let window = DateWindow(from: RFC3339.date(from: "2026-03-01T00:00:00Z")!, to: RFC3339.date(from: "2026-03-08T00:00:00Z")!)
        let expected = try await engine.report(scope: MetricScope(kind: .service, name: "checkout"), window: window)
        let reports = try await withThrowingTaskGroup(of: DoraReport.self) { group in
            for index in 0..<400 {
                group.addTask {
                    let scope = index % 2 == 0 ? MetricScope(kind: .service, name: "checkout") : .organization
                    return try await engine.report(scope: scope, window: window)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.count == 400)
        #expect(reports.filter { $0.scope.kind == .service }.allSatisfy { $0.deploymentFrequency == expected.deploymentFrequency })
    }
}
