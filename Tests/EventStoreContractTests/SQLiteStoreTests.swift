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
        let before = try Self.fileSize(path)

        for batch in 0..<4 {
            let events = (0..<2_000).map { index in
                let sha = String(format: "%08x", batch * 10_000 + index) + String(repeating: "c", count: 32)
                return IncomingEvent(commit(sha, "2026-03-02T10:00:00Z"))
            }
            _ = try await store.ingest(request(String(repeating: "x", count: 100_000)), events: events, organization: organization)
        }
        let after = try await Self.fileSize(path, reaching: before + 2_000_000)
        #expect(after >= before + 2_000_000, "database file \(before) -> \(after) bytes")
        #expect(try await store.statistics().events["commit"] == 8_000)
    }

    /// A log left by another process (an import ends with up to 2 s of its writes not yet
    /// copied back) is copied back as soon as a store opens the file, not at its first write:
    /// until then every read looks each page up in the log first.
    @Test func aLogLeftByAnotherConnectionIsCopiedBackWhenTheStoreOpens() async throws {
        let file = try TemporarySQLiteFile("checkpoint-at-open")
        defer { file.remove() }
        let path = file.path
        // Another writer that never checkpoints and stays open (its close would copy the log).
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try await other.write { db in
            try db.execute(sql: "CREATE TABLE filler (bytes BLOB)")
            for _ in 0..<100 { try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(30000))") }
        }
        let before = try Self.fileSize(path)
        #expect(before < 100_000, "the other writer left its pages in the log: \(before) bytes in the file")

        let store = try SQLiteEventStore(path: path)
        try await store.prepare()
        let after = try await Self.fileSize(path, reaching: before + 2_000_000)
        #expect(after >= before + 2_000_000, "database file \(before) -> \(after) bytes with nothing written")
        _ = try await other.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") }
    }

    private static func fileSize(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
    }

    /// The file's size once it reaches `bytes`, or after 10 s.
    private static func fileSize(_ path: String, reaching bytes: Int) async throws -> Int {
        let deadline = Date().addingTimeInterval(10)
        var size = try fileSize(path)
        while size < bytes, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            size = try fileSize(path)
        }
        return size
    }
}

@Suite("SQLite: relinking reads a service's history by its own rows")
struct SQLiteHistoryPlanTests {
    /// The store keeps no statistics; without a fixed join order SQLite once planned the pull
    /// request query from every pull request's payload, once per service relinked. Each
    /// history query that joins tables must start from the service.
    @Test(arguments: [SQLiteEventStore.deploymentsOfService, SQLiteEventStore.pullRequestsOfService,
                      SQLiteEventStore.incidentsOfService, ServiceCommitsReader.sql])
    func historyQueriesStartFromTheService(sql: String) async throws {
        let file = try TemporarySQLiteFile("plan")
        defer { file.remove() }
        try await SQLiteEventStore(path: file.path).prepare()
        let plan = try await DatabaseQueue(path: file.path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["checkout"]).map { $0["detail"] as String }
        }
        #expect(plan.first?.contains("(service=?)") == true, "the first step is not the service's rows: \(plan)")
        #expect(plan.allSatisfy { $0.hasPrefix("SEARCH") }, "a step scans: \(plan)")
        #expect(!plan.contains { $0.contains("(kind=?)") }, "payloads read by kind: \(plan)")
    }
}

@Suite("SQLite: commit rows written whole by earlier versions")
struct SQLiteCommitRowFormTests {
    /// Rows written before commits kept only their remainder hold a whole payload; they are
    /// still read: the same commit is a duplicate, a changed one replaces the row.
    @Test func aWholePayloadRowStillReads() async throws {
        let file = try TemporarySQLiteFile("whole-commit")
        defer { file.remove() }
        let store = try SQLiteEventStore(path: file.path)
        try await store.prepare()
        let old = Commit(
            key: EventKey(source: "api", kind: .commit, id: "c1"), repository: "https://github.com/acme/checkout.git",
            sha: "c1", parents: ["c0"], authoredAt: at("2026-03-01T09:00:00.5Z"), committedAt: at("2026-03-01T09:00:00.5Z"),
            message: "before", workItemKeys: ["PAY-7"]
        )
        try await DatabaseQueue(path: file.path).write { db in
            try db.execute(sql: """
                INSERT INTO commits (source, id, repository, sha, parents, authored_at, committed_at, files, payload, work_item_keys, key_hash)
                VALUES ('api', 'c1', 'github.com/acme/checkout', 'c1', 'c0', ?, ?, NULL, ?, 'PAY-7', ?)
                """, arguments: [old.authoredAt.timeIntervalSince1970, old.committedAt.timeIntervalSince1970, EventPayload.encode(.commit(old)),
                                 CommitKeyHash.of(source: "api", id: "c1")])
        }
        let same = try await store.ingest(request(), events: [IncomingEvent(.commit(old))], organization: organization)
        #expect(same.accepted == 0 && same.duplicates == 1)
        var changed = old
        changed.message = "after"
        #expect(try await store.ingest(request(), events: [IncomingEvent(.commit(changed))], organization: organization).accepted == 1)
        let again = try await store.ingest(request(), events: [IncomingEvent(.commit(changed))], organization: organization)
        #expect(again.accepted == 0 && again.duplicates == 1)
        let payload = try await DatabaseQueue(path: file.path).read { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM commits WHERE id = 'c1'")
        }
        #expect(payload?.first == 2, "the replaced row keeps only its remainder")
    }
}

@Suite("SQLite: commits found by the hash of their key")
struct SQLiteCommitKeyHashTests {
    /// FNV-1a 64 as its authors publish it, over source, 0x1F and id: the values are stored, so
    /// the function must never drift (the expected numbers were computed apart from this code).
    @Test func theHashIsFNV1aOverSourceSeparatorAndId() {
        #expect(CommitKeyHash.of(source: "git", id: "abc") == 2_784_213_233_276_404_212)
        #expect(CommitKeyHash.of(source: "", id: "") == -5_808_567_868_270_191_730)
        #expect(CommitKeyHash.of(source: "gi", id: "tabc") != CommitKeyHash.of(source: "git", id: "abc"))
    }

    /// Two keys that share a hash are two commits: a row already holding the hash of another
    /// key neither hides the new commit nor is taken for it, and replacing one leaves the other.
    @Test func keysSharingAHashAreKeptApart() async throws {
        let file = try TemporarySQLiteFile("key-hash-collision")
        defer { file.remove() }
        let store = try SQLiteEventStore(path: file.path)
        try await store.prepare()
        _ = try await store.ingest(request(), events: [IncomingEvent(commit("a1", "2026-03-01T09:00:00Z"))], organization: organization)
        // Give a1's row the hash that a2's key will have, as a collision would.
        let a2Hash = CommitKeyHash.of(source: "api", id: "a2")
        try await DatabaseQueue(path: file.path).write { db in
            try db.execute(sql: "UPDATE commits SET key_hash = ? WHERE id = 'a1'", arguments: [a2Hash])
        }
        let a2 = try await store.ingest(request(), events: [IncomingEvent(commit("a2", parents: ["a1"], "2026-03-02T09:00:00Z"))], organization: organization)
        #expect(a2.accepted == 1 && a2.duplicates == 0)
        var changed = commit("a2", parents: ["a1"], "2026-03-02T09:00:00Z")
        if case .commit(var value) = changed { value.message = "reworded"; changed = .commit(value) }
        #expect(try await store.ingest(request(), events: [IncomingEvent(changed)], organization: organization).accepted == 1)
        let rows = try await DatabaseQueue(path: file.path).read { db in
            try Row.fetchAll(db, sql: "SELECT id, key_hash FROM commits ORDER BY id").map { [$0["id"] as String, String($0["key_hash"] as Int64)] }
        }
        #expect(rows == [["a1", String(a2Hash)], ["a2", String(a2Hash)]])
        #expect(try await store.history(of: "checkout").commits.map(\.sha).sorted() == ["a1", "a2"])
        // a2 is found as itself, not as the other row with its hash: sent again, it is a duplicate.
        let repeated = try await store.ingest(request(), events: [IncomingEvent(changed)], organization: organization)
        #expect(repeated.accepted == 0 && repeated.duplicates == 1)
    }

    /// A store written before the hash existed (a unique index of the key's text) gets the
    /// column filled and the index replaced when it is opened; what it holds is still found.
    @Test func olderStoresGetTheirHashesFromTheMigration() async throws {
        let file = try TemporarySQLiteFile("key-hash-migration")
        defer { file.remove() }
        let store = try SQLiteEventStore(path: file.path)
        try await store.prepare()
        let events = [commit("b1", "2026-03-01T09:00:00Z"), commit("b2", parents: ["b1"], "2026-03-02T09:00:00Z")]
        _ = try await store.ingest(request(), events: events.map { IncomingEvent($0) }, organization: organization)
        try await DatabaseQueue(path: file.path).write { db in
            try db.execute(sql: """
                DROP INDEX commits_by_key_hash; ALTER TABLE commits DROP COLUMN key_hash;
                CREATE UNIQUE INDEX commits_by_key ON commits (source, id);
                DELETE FROM grdb_migrations WHERE identifier = 'v10-commit-key-hashes';
                """)
        }
        let reopened = try SQLiteEventStore(path: file.path)
        try await reopened.prepare()
        let again = try await reopened.ingest(request(), events: events.map { IncomingEvent($0) }, organization: organization)
        #expect(again.accepted == 0 && again.duplicates == 2)
        let (hashes, indexes) = try await DatabaseQueue(path: file.path).read { db in
            (try Int64.fetchAll(db, sql: "SELECT key_hash FROM commits ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'commits' ORDER BY name"))
        }
        #expect(hashes == [CommitKeyHash.of(source: "api", id: "b1"), CommitKeyHash.of(source: "api", id: "b2")])
        #expect(indexes == ["commits_by_key_hash", "commits_by_repository"])
    }
}

@Suite("SQLite: a large history is read back whole and in order")
struct SQLiteLargeHistoryTests {
    /// More commits than one chunk of the history reader (16,384), in two repositories of one
    /// service, with and without files and keys: every commit comes back equal to what was
    /// stored, in the order stored, across the chunks made on other cores.
    @Test func historyAcrossChunks() async throws {
        let file = try TemporarySQLiteFile("large-history")
        defer { file.remove() }
        let store = try SQLiteEventStore(path: file.path)
        try await store.prepare()
        let twoRepositories = OrganizationMap(
            services: [ServiceDefinition(name: "checkout", team: "payments", repositories: [
                RepositoryMapping(repository: "github.com/acme/checkout"), RepositoryMapping(repository: "github.com/acme/checkout-ui"),
            ])],
            teams: [TeamDefinition(name: "payments", valueStream: "commerce")]
        )
        func sha(_ index: Int) -> String { String(format: "%040x", index) }
        func commit(_ index: Int) -> Commit {
            let parents: [String] = index == 0 ? [] : index % 7 == 0 ? [sha(index - 1), "m\(index)"] : [sha(index - 1)]
            let authored = Date(timeIntervalSince1970: 1_700_000_000 + Double(index))
            return Commit(
                key: EventKey(source: index % 3 == 0 ? "api" : "git", kind: .commit, id: sha(index)),
                repository: index < 25_000 ? "github.com/acme/checkout" : "github.com/acme/checkout-ui",
                sha: sha(index), parents: parents, authoredAt: authored, committedAt: authored.addingTimeInterval(0.5),
                workItemKeys: index % 5 == 0 ? ["PAY-\(index)", "OPS-1"] : [],
                files: index % 11 == 0 ? ["a/\(index).swift", "b.md"] : nil
            )
        }
        let commits = (0..<40_000).map(commit)
        for start in stride(from: 0, to: commits.count, by: 10_000) {
            let events = commits[start..<start + 10_000].map { IncomingEvent(.commit($0)) }
            _ = try await store.ingest(request(), events: Array(events), organization: twoRepositories)
        }
        let history = try await store.history(of: "checkout").commits
        #expect(history.count == commits.count)
        let firstDifference = history.indices.first { index in index >= commits.count || history[index] != commits[index] }
        #expect(firstDifference == nil, "first difference at \(firstDifference ?? -1)")
    }
}

@Suite("SQLite: events kept in key order by earlier versions")
struct SQLiteEventsMigrationTests {
    /// Before v8 the events table was a WITHOUT ROWID table in key order. A file written then
    /// keeps every event through the migration: read by kind and by service, a resent event is
    /// a duplicate, a changed one replaces it, and the key stays unique.
    @Test func eventsSurviveTheMoveToArrivalOrder() async throws {
        let file = try TemporarySQLiteFile("events-v7")
        defer { file.remove() }
        let old = try DatabaseQueue(path: file.path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v7-known-services")
        let first = deployment("d1", sha: "a", "2026-03-01T10:00:00Z")
        let second = deployment("d2", sha: "b", "2026-03-02T10:00:00Z")
        let outage = incident("i1", opened: "2026-03-02T11:00:00Z")
        try await old.write { db in
            #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'events'")?.contains("WITHOUT ROWID") == true)
            for event in [second, first, outage] {
                try db.execute(sql: "INSERT INTO events (source, kind, id, payload) VALUES (?, ?, ?, ?)",
                               arguments: [event.key.source, event.key.kind.rawValue, event.key.id, EventPayload.encode(event)])
            }
            try db.execute(sql: "INSERT INTO deployments (source, id, service) VALUES ('api', 'd1', 'checkout'), ('api', 'd2', 'checkout')")
            try db.execute(sql: "INSERT INTO incident_services (source, id, service, opened_at) VALUES ('api', 'i1', 'checkout', 0)")
        }
        try old.close()

        let store = try SQLiteEventStore(path: file.path)
        try await store.prepare()
        #expect(try await store.events(ofKind: .deployment) == [first, second], "in key order, as before")
        let history = try await store.history(of: "checkout")
        #expect(Set(history.deployments.map(\.key.id)) == ["d1", "d2"])
        #expect(history.incidents.map(\.key.id) == ["i1"])
        let resent = try await store.ingest(request(), events: [IncomingEvent(first)], organization: organization)
        #expect(resent.accepted == 0 && resent.duplicates == 1)
        let moved = deployment("d1", sha: "c", "2026-03-01T10:00:00Z")
        #expect(try await store.ingest(request(), events: [IncomingEvent(moved)], organization: organization).accepted == 1)
        #expect(try await store.events(ofKind: .deployment) == [moved, second])
        #expect(try await store.statistics().events["deployment"] == 2)
        let schema = try await DatabaseQueue(path: file.path).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_schema WHERE tbl_name = 'events' AND sql IS NOT NULL")
        }
        #expect(schema.count == 2 && !schema.joined().contains("WITHOUT ROWID"), "\(schema)")
    }
}

@Suite("SQLite: deployments summed by day")
struct SQLiteDeploymentDayTests {
    /// Linking writes each service's days; a store linked before days were kept gets them from
    /// its facts when it is opened (migration v9), the same days linking would write.
    @Test func daysAreWrittenByLinkingAndByTheMigrationFromOlderStores() async throws {
        let file = try TemporarySQLiteFile("days")
        defer { file.remove() }
        let store = try SQLiteEventStore(path: file.path)
        try await store.prepare()
        _ = try await store.ingest(request(), events: [
            commit("a1", "2026-03-01T09:00:00Z"), deployment("d1", sha: "a1", "2026-03-01T15:00:00Z"),
            commit("a2", parents: ["a1"], "2026-03-02T09:00:00Z"), commit("a3", parents: ["a2"], "2026-03-03T08:00:00Z"),
            deployment("d2", sha: "a3", "2026-03-03T10:00:00Z"), deployment("d3", sha: "a3", "2026-03-03T11:00:00Z"),
            deployment("s1", sha: "b1", "2026-03-04T11:00:00Z", service: "search"),
        ].map { IncomingEvent($0) }, organization: organization)
        try await relink(store)
        func storedDays(_ store: SQLiteEventStore) async throws -> SummedDays {
            try #require(try await store.windowReportInputIfLinked(services: ["checkout", "search"], window: march)).days
        }
        let linked = try await storedDays(store)
        #expect(linked.counts.successes == 4 && linked.batchSizes.runCount == 1)
        #expect(linked.leadTimes.runCount == 1, "only March 3 has lead times: the others hold first deployments")
        #expect(Array(linked.leadTimes.values[linked.leadTimes.run(0)]) == [7_200, 90_000])
        let facts = try await store.reportInput(services: ["checkout", "search"], window: march).deployments
        var expected = SummedDays()
        for service in ["checkout", "search"] {
            for day in DeploymentDay.days(of: facts.filter { $0.service == service }) { expected.add(day) }
        }
        #expect(linked == expected)

        // As an older version left it: no days table, the migration not yet run.
        try await DatabaseQueue(path: file.path).write { db in
            try db.execute(sql: """
                DROP TABLE deployment_days; DROP INDEX deployment_facts_rolled_back;
                DELETE FROM grdb_migrations WHERE identifier = 'v9-deployment-days';
                """)
        }
        let reopened = try SQLiteEventStore(path: file.path)
        try await reopened.prepare()
        #expect(try await storedDays(reopened) == linked)
    }

    /// Each query of a window's report starts from the service's own rows in the time range
    /// and searches by index at every step (without statistics, SQLite's planner would walk
    /// every fact of the range for the rolled-back ones).
    @Test(arguments: [SQLiteEventStore.rolledBackFactsOfService, SQLiteEventStore.candidatesOfIncidentsBlamedOnService,
                      SQLiteEventStore.incidentsOfServiceOpenedIn])
    func reportQueriesSearchTheServicesRange(sql: String) async throws {
        let file = try TemporarySQLiteFile("days-plan")
        defer { file.remove() }
        try await SQLiteEventStore(path: file.path).prepare()
        let plan = try await DatabaseQueue(path: file.path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["checkout", 0, 1]).map { $0["detail"] as String }
        }
        #expect(plan.first?.contains("service=? AND") == true, "the first step is not the service's range: \(plan)")
        #expect(plan.allSatisfy { $0.hasPrefix("SEARCH") }, "a step scans: \(plan)")
    }
}
