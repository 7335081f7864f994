import EventStore
@testable import EventStoreSQLite
import GRDB
import Foundation
import Testing
import ValueStreamModel

@Suite("SQLite: the log is copied back in the background")
struct SQLiteCheckpointTests {
    /// The writer no longer checkpoints below 256 MiB of log, so pages reach the database file
    /// only through the background checkpointer; its absence would leave the file at its size
    /// after migrations.
    @Test func ingestedPagesReachTheDatabaseFileWithoutTheWriter() async throws {
        let file = try TemporarySQLiteFile("checkpoint")
        defer { file.remove() }
        let path = file.path
        let store = try SQLiteEventStore(path: path)
        try await store.prepare()
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int }
        let before = try fileSize()

        for batch in 0..<4 {
            let events = (0..<2_000).map { index in
                let sha = String(format: "%08x", batch * 10_000 + index) + String(repeating: "c", count: 32)
                return IncomingEvent(commit(sha, "2026-03-02T10:00:00Z"))
            }
            _ = try await store.ingest(request(String(repeating: "x", count: 100_000)), events: events, organization: organization)
        }
        var after = try fileSize()
        let deadline = Date().addingTimeInterval(10)
        while after < before + 2_000_000, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = try fileSize()
        }
        #expect(after >= before + 2_000_000, "database file \(before) -> \(after) bytes")
        #expect(try await store.statistics().events["commit"] == 8_000)
    }
}

@Suite("SQLite: relinking reads a service's history by its own rows")
struct SQLiteHistoryPlanTests {
    /// The store keeps no statistics; without a fixed join order SQLite once planned the pull
    /// request query from every pull request's payload, once per service relinked. Each
    /// history query that joins tables must start from the service.
    @Test(arguments: [SQLiteEventStore.pullRequestsOfService, SQLiteEventStore.commitsOfService])
    func historyQueriesStartFromTheService(sql: String) async throws {
        let file = try TemporarySQLiteFile("plan")
        defer { file.remove() }
        try await SQLiteEventStore(path: file.path).prepare()
        let plan = try await DatabaseQueue(path: file.path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["checkout"]).map { $0["detail"] as String }
        }
        #expect(plan.first?.hasPrefix("SEARCH r USING PRIMARY KEY (service=?)") == true, "\(plan)")
        #expect(plan.dropFirst().allSatisfy { $0.hasPrefix("SEARCH") }, "a step scans: \(plan)")
        #expect(!plan.joined().contains("events_by_kind"), "\(plan)")
    }
}
