import EventStore
import Foundation
import GRDB
import ValueStreamModel

/// The embedded default store: one SQLite file in WAL mode with `synchronous = FULL`, so that a
/// request is acknowledged only after its transaction is on disk.
public struct SQLiteEventStore: EventStore {
    private let database: DatabasePool
    /// A connection of its own for the short reads done on the caller's thread (one service's
    /// window). Not one of the pool's readers: an asynchronous read gives its reader back only
    /// once its task runs again, and on two cores that task may need the very thread such a
    /// synchronous read would block waiting for a reader. This connection's own queue makes two
    /// such reads take turns instead, each running to its end without waiting for anything.
    private let callerThreadReader: DatabaseQueue
    private let checkpointer: WALCheckpointer

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Large imports touch B-tree pages all over the file: keep them in memory (64 MiB,
            // allocated only as used) and read through a memory map rather than copies.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.backstopPages)")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        var readerConfiguration = Configuration()
        readerConfiguration.readonly = true
        readerConfiguration.busyMode = .timeout(10)
        readerConfiguration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        callerThreadReader = try DatabaseQueue(path: path, configuration: readerConfiguration)
        checkpointer = try WALCheckpointer(path: path)
    }

    public func prepare() async throws {
        try SQLiteSchema.migrator.migrate(database)
        checkpointer.start()
    }

    /// Every write goes through here: once it is committed, the checkpointer is told that the
    /// log has pages to copy back.
    private func write<Result: Sendable>(_ updates: @escaping @Sendable (Database) throws -> Result) async throws -> Result {
        let result = try await database.write(updates)
        checkpointer.logGrew()
        return result
    }

    // MARK: Ingest

    public func ingest(_ request: RawRequest, batch: PreparedBatch, organization: OrganizationMap) async throws -> IngestReceipt {
        try await write { db in
            if let deliveryKey = request.deliveryKey,
               let earlier = try Int64.fetchOne(db, sql: "SELECT sequence FROM raw_requests WHERE delivery_key = ?", arguments: [deliveryKey]) {
                return IngestReceipt(accepted: 0, duplicates: batch.eventCount, sequence: earlier, isRedelivery: true)
            }
            try db.execute(
                sql: "INSERT INTO raw_requests (channel, received_at, headers, body, delivery_key) VALUES (?, ?, ?, ?, ?)",
                arguments: [request.channel, request.receivedAt.timeIntervalSince1970, Self.encodeHeaders(request.headers), request.body, request.deliveryKey]
            )
            let sequence = db.lastInsertedRowID
            let (accepted, duplicates) = try Self.apply(batch, organization: organization, in: db)
            return IngestReceipt(accepted: accepted, duplicates: duplicates, sequence: sequence)
        }
    }

    public func replay(_ batch: PreparedBatch, organization: OrganizationMap) async throws {
        try await write { db in
            _ = try Self.apply(batch, organization: organization, in: db)
        }
    }

    private static func apply(_ batch: PreparedBatch, organization: OrganizationMap, in db: Database) throws -> (Int, Int) {
        var accepted = 0
        var duplicates = batch.repeatsWithinRequest
        var router = EventRouter(organization: organization)
        let select = try db.cachedStatement(sql: "SELECT payload FROM events WHERE source = ? AND kind = ? AND id = ?")
        let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO events (source, kind, id, payload) VALUES (?, ?, ?, ?)")
        var commits = try CommitRows(in: db)
        for entry in batch.entries {
            let key = entry.event.key
            // A new commit (the bulk of any import) costs a lookup of its key's hash and an insert.
            if case .commit(let commit) = entry.event, entry.mode == .replace {
                if try commits.insert(commit) {
                    accepted += 1
                    router.touch(entry.event)
                    continue
                }
            }
            var stored: DeliveryEvent?
            var storedPayload: Data?
            if key.kind == .commit {
                // Rebuilt from its columns: a commit row keeps no whole payload to compare.
                stored = try commits.stored(source: key.source, id: key.id).map(DeliveryEvent.commit)
            } else {
                storedPayload = try Data.fetchOne(select, arguments: [key.source, key.kind.rawValue, key.id])
                // The stored event is decoded only when it matters: to merge into it, or to
                // relink the services it touched once it is replaced by something different.
                stored = entry.mode != .replace ? try storedPayload.map(EventPayload.decode) : nil
            }
            guard let resolved = PreparedBatch.resolve(entry, stored: stored) else { continue }
            let payload = key.kind == .commit ? nil : EventPayload.encode(resolved)
            if key.kind == .commit ? resolved == stored : payload == storedPayload {
                duplicates += 1
                continue
            }
            accepted += 1
            if stored == nil, let storedPayload { stored = try EventPayload.decode(storedPayload) }
            if let stored {
                router.touch(stored)
                try removeIndexRows(of: stored, commits: commits, in: db)
            }
            if let payload {
                try upsert.execute(arguments: [key.source, key.kind.rawValue, key.id, payload])
            }
            try insertIndexRows(of: resolved, commits: &commits, in: db)
            router.touch(resolved)
        }
        try markStale(router.touched, in: db)
        return (accepted, duplicates)
    }

    private static func insertIndexRows(of event: DeliveryEvent, commits: inout CommitRows, in db: Database) throws {
        let key = event.key
        switch event {
        case .commit(let commit):
            // Its earlier row, if any, was removed just before.
            _ = try commits.insert(commit)
        case .pullRequest(let pullRequest):
            try db.cachedStatement(sql: "INSERT INTO pull_requests (source, id, repository) VALUES (?, ?, ?)")
                .execute(arguments: [key.source, key.id, OrganizationMap.normalized(pullRequest.repository)])
        case .deployment(let deployment):
            try db.cachedStatement(sql: "INSERT INTO deployments (source, id, service) VALUES (?, ?, ?)")
                .execute(arguments: [key.source, key.id, deployment.service])
        case .incident(let incident):
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO incident_services (source, id, service, opened_at) VALUES (?, ?, ?, ?)")
            for service in incident.services {
                try statement.execute(arguments: [key.source, key.id, service, incident.openedAt.timeIntervalSince1970])
            }
        case .pipelineRun, .workItem:
            break
        }
    }

    private static func removeIndexRows(of event: DeliveryEvent, commits: CommitRows, in db: Database) throws {
        let table: String
        switch event {
        case .commit: return try commits.remove(source: event.key.source, id: event.key.id)
        case .pullRequest: table = "pull_requests"
        case .deployment: table = "deployments"
        case .incident: table = "incident_services"
        case .pipelineRun, .workItem: return
        }
        try db.cachedStatement(sql: "DELETE FROM \(table) WHERE source = ? AND id = ?")
            .execute(arguments: [event.key.source, event.key.id])
    }

    private static func markStale(_ routing: EventRouting, in db: Database) throws {
        let pair = try db.cachedStatement(sql: "INSERT OR IGNORE INTO service_repositories (service, repository) VALUES (?, ?)")
        for link in routing.serviceRepositories {
            try pair.execute(arguments: [link.service, link.repository])
        }
        var services = routing.services
        let byRepository = try db.cachedStatement(sql: "SELECT service FROM service_repositories WHERE repository = ?")
        for repository in routing.repositories {
            services.formUnion(try String.fetchAll(byRepository, arguments: [repository]))
        }
        guard !services.isEmpty else { return }
        try db.execute(sql: "UPDATE generation_counter SET value = value + 1")
        let mark = try db.cachedStatement(sql: """
            INSERT INTO stale_services (service, generation) VALUES (?, (SELECT value FROM generation_counter))
            ON CONFLICT (service) DO UPDATE SET generation = excluded.generation
            """)
        for service in services.sorted() {
            try mark.execute(arguments: [service])
        }
    }

    // MARK: Archive

    public func archivedRequests(after sequence: Int64, limit: Int) async throws -> [RawRequest] {
        try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sequence, channel, received_at, headers, body, delivery_key FROM raw_requests
                WHERE sequence > ? ORDER BY sequence LIMIT ?
                """, arguments: [sequence, limit]).map { row in
                var request = RawRequest(
                    channel: row["channel"], headers: Self.decodeHeaders(row["headers"]), body: row["body"],
                    receivedAt: Date(timeIntervalSince1970: row["received_at"]), deliveryKey: row["delivery_key"]
                )
                request.sequence = row["sequence"]
                return request
            }
        }
    }

    public func clearDerivedRecords() async throws {
        try await write { db in
            for table in ["events", "commits", "pull_requests", "deployments", "incident_services",
                          "service_repositories", "stale_services", "deployment_facts", "deployment_days", "attributions"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
        }
    }

    // MARK: Linking

    public func staleServices() async throws -> [StaleService] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT service, generation FROM stale_services ORDER BY service").map {
                StaleService(service: $0["service"], generation: $0["generation"])
            }
        }
    }

    public func history(of service: String) async throws -> ServiceHistory {
        try await database.read { db in
            var history = ServiceHistory(service: service)
            history.deployments = try Self.payloads(db, sql: Self.deploymentsOfService, service)
                .compactMap { if case .deployment(let value) = $0 { value } else { nil } }
            history.pullRequests = try Self.payloads(db, sql: Self.pullRequestsOfService, service)
                .compactMap { if case .pullRequest(let value) = $0 { value } else { nil } }
            history.incidents = try Self.payloads(db, sql: Self.incidentsOfService, service)
                .compactMap { if case .incident(let value) = $0 { value } else { nil } }
            history.commits = try ServiceCommitsReader.commits(ofService: service, in: db)
            return history
        }
    }

    // The history queries fix their join order with CROSS JOIN: the service, its rows (or its
    // repositories, then their rows), then the payloads. The store never gathers statistics,
    // and left to itself SQLite's planner began the pull request query with every pull
    // request's payload (by kind) for each service relinked, which made relinking 1,000
    // services take hours.

    /// The payloads of a service's deployments.
    static let deploymentsOfService = """
        SELECT e.payload FROM deployments d
        CROSS JOIN events e ON e.source = d.source AND e.kind = 'deployment' AND e.id = d.id
        WHERE d.service = ?
        """

    /// The payloads of the incidents that name a service.
    static let incidentsOfService = """
        SELECT e.payload FROM incident_services i
        CROSS JOIN events e ON e.source = i.source AND e.kind = 'incident' AND e.id = i.id
        WHERE i.service = ?
        """

    /// The payloads of the pull requests of a service's repositories.
    static let pullRequestsOfService = """
        SELECT e.payload FROM service_repositories r
        CROSS JOIN pull_requests p ON p.repository = r.repository
        CROSS JOIN events e ON e.source = p.source AND e.kind = 'pull_request' AND e.id = p.id
        WHERE r.service = ?
        """

    private static func payloads(_ db: Database, sql: String, _ service: String) throws -> [DeliveryEvent] {
        try Data.fetchAll(db, sql: sql, arguments: [service]).map(EventPayload.decode)
    }

    public func saveLinks(_ links: ServiceLinks, resolving stale: StaleService) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM deployment_facts WHERE service = ?", arguments: [links.service])
            try db.execute(sql: "DELETE FROM attributions WHERE service = ?", arguments: [links.service])
            let fact = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO deployment_facts (service, source, id, sha, finished_at, succeeded, is_first,
                    change_count, lead_times, negative_lead_times, unknown_commits, has_linked_change, is_rework,
                    rolled_back_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for deployment in links.deployments {
                try fact.execute(arguments: [
                    links.service, deployment.key.source, deployment.key.id, deployment.sha,
                    deployment.finishedAt.timeIntervalSince1970, deployment.succeeded, deployment.isFirst,
                    deployment.changeCount, LeadTimeBlob.encode(deployment.leadTimes), deployment.negativeLeadTimes,
                    deployment.unknownCommits, deployment.hasLinkedChange, deployment.isRework,
                    deployment.rolledBackAt?.timeIntervalSince1970,
                ])
            }
            let attribution = try db.cachedStatement(sql: """
                INSERT INTO attributions (incident_source, incident_id, deployment_source, deployment_id, service,
                    deployment_finished_at, method) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for candidate in links.attributions {
                try attribution.execute(arguments: [
                    candidate.incident.source, candidate.incident.id, candidate.deployment.source,
                    candidate.deployment.id, candidate.service, candidate.deploymentFinishedAt.timeIntervalSince1970,
                    candidate.method.rawValue,
                ])
            }
            try Self.saveDays(links.days, of: links.service, in: db)
            try db.execute(
                sql: "DELETE FROM stale_services WHERE service = ? AND generation = ?",
                arguments: [stale.service, stale.generation]
            )
        }
    }

    // MARK: Reports

    public func reportInput(services: [String], window: DateWindow) async throws -> ReportInput {
        try await database.read { db in try Self.reportInput(db, services: services, window: window) }
    }

    public func reportInputIfLinked(services: [String], window: DateWindow) async throws -> ReportInput? {
        try await database.read { db in
            guard try !Self.anyServiceIsStale(db) else { return nil }
            return try Self.reportInput(db, services: services, window: window)
        }
    }

    private static func anyServiceIsStale(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM stale_services)")) != false
    }

    public func windowReportInput(services: [String], window: DateWindow) async throws -> WindowReportInput {
        try await database.read { db in try Self.windowReportInput(db, services: services, window: window) }
    }

    public func windowReportInputIfLinked(services: [String], window: DateWindow) async throws -> WindowReportInput? {
        let read = { @Sendable (db: Database) throws -> WindowReportInput? in
            guard try !Self.anyServiceIsStale(db) else { return nil }
            return try Self.windowReportInput(db, services: services, window: window)
        }
        // One service's window is a row per day and the service's incidents: reading it takes
        // less than the hop to a reader's queue and back (at scale S a third of such a report's
        // time), so it is read on the caller's thread. Larger scopes hop, leaving it free.
        if services.count == 1 { return try readOnThisThread(read) }
        return try await database.read(read)
    }

    /// A read done on the calling thread, for reads shorter than a thread hop.
    private func readOnThisThread<T>(_ body: (Database) throws -> T) throws -> T {
        try callerThreadReader.read(body)
    }

    // Every query of a report is stepped through the C API: a busy service has a thousand facts
    // in 90 days (fourteen columns each) and dozens of incidents, and reading them through GRDB's
    // rows and arguments cost more than SQLite's own work.

    /// A service's facts in a time range.
    private static let factsOfServiceIn = """
        SELECT \(factColumns) FROM deployment_facts WHERE service = ? AND finished_at >= ? AND finished_at < ?
        """

    private static func reportInput(_ db: Database, services: [String], window: DateWindow) throws -> ReportInput {
        let facts = try DirectStatement(Self.factsOfServiceIn, in: db)
        var deployments: [DeploymentFact] = []
        for service in services {
            try facts.forEachRow(service, window.from.timeIntervalSince1970, window.to.timeIntervalSince1970) { row in
                deployments.append(Self.fact(from: row))
            }
        }
        let (attributions, incidents) = try Self.incidents(db, services: services, window: window)
        // In time order per service, services one after the other: consumers group by service
        // (`OrganizationReportInput`) or sort by time themselves.
        return ReportInput(deployments: deployments, attributions: attributions, incidents: incidents)
    }

    /// A window's input with its whole days read from `deployment_days`: a row per day, the
    /// facts of the part days at either end, and the rolled-back facts of the whole days.
    /// The time ranges are read a second wider than the window and its days (a fact's time
    /// is stored since 1970, a window compares dates since 2001); the report keeps exactly
    /// what each holds.
    private static func windowReportInput(_ db: Database, services: [String], window: DateWindow) throws -> WindowReportInput {
        let whole = DeploymentDay.wholeDays(in: window)
        let from = window.from.timeIntervalSince1970 - 1
        let to = window.to.timeIntervalSince1970 + 1
        let daysFrom = DeploymentDay.start(of: whole.lowerBound).timeIntervalSince1970
        let daysTo = DeploymentDay.start(of: whole.upperBound).timeIntervalSince1970
        let edgeRanges = whole.isEmpty ? [(from, to)] : [(from, daysFrom + 1), (daysTo - 1, to)]
        let facts = try DirectStatement(Self.factsOfServiceIn, in: db)
        let rolledBackFacts = try DirectStatement(Self.rolledBackFactsOfService, in: db)
        let dayRows = try DirectStatement("""
            SELECT \(Self.dayColumns) FROM deployment_days WHERE service = ? AND day >= ? AND day < ?
            """, in: db)
        var days = SummedDays()
        var edges: [DeploymentFact] = []
        var rolledBack: [DeploymentFact] = []
        for service in services {
            for (start, end) in edgeRanges {
                try facts.forEachRow(service, start, end) { row in edges.append(Self.fact(from: row)) }
            }
            guard !whole.isEmpty else { continue }
            try rolledBackFacts.forEachRow(service, daysFrom - 1, daysTo + 1) { row in rolledBack.append(Self.fact(from: row)) }
            try dayRows.forEachRow(service, Double(whole.lowerBound), Double(whole.upperBound)) { row in
                Self.add(dayFrom: row, to: &days)
            }
        }
        let (attributions, incidents) = try Self.incidents(db, services: services, window: window)
        return WindowReportInput(
            services: services, window: window, wholeDays: whole, days: days, edgeDeployments: edges,
            rolledBack: rolledBack, attributions: attributions, incidents: incidents
        )
    }

    /// A service's rolled-back facts in a time range, by their partial index (without
    /// statistics, SQLite's planner would walk every fact of the range instead).
    static let rolledBackFactsOfService = """
        SELECT \(factColumns) FROM deployment_facts INDEXED BY deployment_facts_rolled_back
        WHERE service = ? AND finished_at >= ? AND finished_at < ? AND rolled_back_at IS NOT NULL
        """

    /// The incidents of a report of `services` over `window`: those blamed on the services'
    /// deployments in the window, with every attribution candidate of each (another service's
    /// may win), and those opened in the window. Each is a join run once per service rather
    /// than a lookup per incident (a busy service has a hundred); only blamed incidents opened
    /// outside the window are looked up one by one.
    private static func incidents(_ db: Database, services: [String], window: DateWindow) throws -> ([AttributionCandidate], [Incident]) {
        let from = window.from.timeIntervalSince1970
        let to = window.to.timeIntervalSince1970
        let candidatesOfBlamed = try DirectStatement(Self.candidatesOfIncidentsBlamedOnService, in: db)
        let openedPayloads = try DirectStatement(Self.incidentsOfServiceOpenedIn, in: db)
        var attributions: [AttributionCandidate] = []
        var seenCandidates: Set<AttributionKey> = []
        var blamed: Set<EventKey> = []
        var incidents: [Incident] = []
        var read: Set<EventKey> = []
        for service in services {
            try candidatesOfBlamed.forEachRow(service, from, to) { row in
                let candidate = AttributionCandidate(
                    incident: EventKey(source: row.text(0), kind: .incident, id: row.text(1)),
                    deployment: EventKey(source: row.text(2), kind: .deployment, id: row.text(3)),
                    service: row.text(4), deploymentFinishedAt: Date(timeIntervalSince1970: row.double(5)),
                    method: AttributionMethod(rawValue: row.text(6)) ?? .heuristic
                )
                guard seenCandidates.insert(AttributionKey(incident: candidate.incident, deployment: candidate.deployment)).inserted else { return }
                attributions.append(candidate)
                blamed.insert(candidate.incident)
            }
            try openedPayloads.forEachRow(service, from, to) { row in
                guard let incident = try Self.incident(from: row, column: 0), read.insert(incident.key).inserted else { return }
                incidents.append(incident)
            }
        }
        let payload = try DirectStatement("SELECT payload FROM events WHERE source = ? AND kind = 'incident' AND id = ?", in: db)
        for key in blamed where !read.contains(key) {
            payload.bind(1, key.source)
            payload.bind(2, key.id)
            try payload.forEachRow { row in
                if let incident = try Self.incident(from: row, column: 0) { incidents.append(incident) }
            }
        }
        return (attributions, incidents)
    }

    /// A candidate told apart from the others of its incident by the deployment it names.
    private struct AttributionKey: Hashable {
        var incident: EventKey
        var deployment: EventKey
    }

    /// An incident decoded from a payload column, read where it lies.
    private static func incident(from row: DirectRow, column: Int32) throws -> Incident? {
        try row.withBlob(column) { bytes in
            guard let base = bytes.baseAddress else { return nil }
            let payload = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none)
            guard case .incident(let incident) = try EventPayload.decode(payload) else { return nil }
            return incident
        }
    }

    /// Every candidate of each incident blamed on one of a service's deployments in a time
    /// range (the service's own among them).
    static let candidatesOfIncidentsBlamedOnService = """
        SELECT c.incident_source, c.incident_id, c.deployment_source, c.deployment_id, c.service,
            c.deployment_finished_at, c.method
        FROM attributions b INDEXED BY attributions_by_deployment
        CROSS JOIN attributions c INDEXED BY attributions_by_incident
            ON c.incident_source = b.incident_source AND c.incident_id = b.incident_id
        WHERE b.service = ? AND b.deployment_finished_at >= ? AND b.deployment_finished_at < ?
        """

    /// The payloads of the incidents of a service opened in a time range.
    static let incidentsOfServiceOpenedIn = """
        SELECT e.payload FROM incident_services i INDEXED BY incident_services_by_service
        CROSS JOIN events e ON e.source = i.source AND e.kind = 'incident' AND e.id = i.id
        WHERE i.service = ? AND i.opened_at >= ? AND i.opened_at < ?
        """

    /// The columns `add(dayFrom:to:)` reads, by position.
    private static let dayColumns = """
        day, successes, failed_attempts, rework, negative_lead_times, unknown_commits, without_linked_change,
        lead_times, batch_sizes
        """

    /// Adds a day's row to `days`, its values decoded straight into the days' runs.
    private static func add(dayFrom row: DirectRow, to days: inout SummedDays) {
        var sums = DeploymentSums()
        sums.successes = row.int(1)
        sums.failedAttempts = row.int(2)
        sums.rework = row.int(3)
        sums.negativeLeadTimes = row.int(4)
        sums.unknownCommits = row.int(5)
        sums.withoutLinkedChange = row.int(6)
        days.counts.addCounts(of: sums)
        days.leadTimes.appendRun { values in row.withBlob(7) { LeadTimeBlob.decode($0, appendingTo: &values) } }
        days.batchSizes.appendRun { values in row.withBlob(8) { LeadTimeBlob.decode($0, appendingTo: &values) } }
    }

    /// Replaces a service's days (linking rewrites all of a service's facts at once).
    static func saveDays(_ days: [DeploymentDay], of service: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM deployment_days WHERE service = ?", arguments: [service])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO deployment_days (service, \(dayColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for day in days {
            let sums = day.sums
            try insert.execute(arguments: [
                service, day.day, sums.successes, sums.failedAttempts, sums.rework, sums.negativeLeadTimes,
                sums.unknownCommits, sums.withoutLinkedChange, LeadTimeBlob.encode(sums.leadTimes),
                LeadTimeBlob.encode(sums.batchSizes),
            ])
        }
    }

    /// Every stored fact of `service`, in time order.
    static func facts(of service: String, in db: Database) throws -> [DeploymentFact] {
        let facts = try DirectStatement("SELECT \(Self.factColumns) FROM deployment_facts WHERE service = ?", in: db)
        facts.bind(1, service)
        var deployments: [DeploymentFact] = []
        try facts.forEachRow { row in deployments.append(Self.fact(from: row)) }
        return deployments
    }

    /// The columns `fact(from:)` reads, by position: reports read thousands of facts, and a
    /// lookup by name costs more than the rest of the row.
    private static let factColumns = """
        source, id, service, sha, finished_at, succeeded, is_first, change_count, lead_times,
        negative_lead_times, unknown_commits, has_linked_change, is_rework, rolled_back_at
        """

    private static func fact(from row: DirectRow) -> DeploymentFact {
        DeploymentFact(
            key: EventKey(source: row.text(0), kind: .deployment, id: row.text(1)), service: row.text(2),
            sha: row.text(3), finishedAt: Date(timeIntervalSince1970: row.double(4)), succeeded: row.bool(5),
            isFirst: row.bool(6), changeCount: row.int(7), leadTimes: row.withBlob(8, LeadTimeBlob.decode),
            negativeLeadTimes: row.int(9), unknownCommits: row.int(10),
            hasLinkedChange: row.bool(11), isRework: row.bool(12),
            rolledBackAt: row.isNull(13) ? nil : Date(timeIntervalSince1970: row.double(13))
        )
    }

    public func knownServices() async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT service FROM known_services ORDER BY service")
        }
    }

    public func archivedRequestCount() async throws -> Int {
        try await database.read(Self.archivedRequestCount)
    }

    private static func archivedRequestCount(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM raw_requests") ?? 0
    }

    public func statistics() async throws -> StoreStatistics {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) FROM events GROUP BY kind") {
                counts[row[0]] = row[1]
            }
            let commits = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commits") ?? 0
            if commits > 0 { counts[EventKind.commit.rawValue] = commits }
            return StoreStatistics(
                archivedRequests: try Self.archivedRequestCount(in: db),
                events: counts, deploymentFacts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deployment_facts") ?? 0
            )
        }
    }

    // MARK: Checkpoints

    public func checkpoint(_ name: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM checkpoints WHERE name = ?", arguments: [name])
        }
    }

    public func saveCheckpoint(_ name: String, value: String) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO checkpoints (name, value) VALUES (?, ?)", arguments: [name, value])
        }
    }

    // MARK: Tokens

    public func saveToken(_ token: AccessToken) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO access_tokens (id, name, secret_hash, scopes, created_at, is_revoked)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [token.id, token.name, token.secretHash,
                                 token.scopes.map(\.rawValue).sorted().joined(separator: ","),
                                 token.createdAt.timeIntervalSince1970, token.isRevoked])
        }
    }

    public func token(hash: String) async throws -> AccessToken? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM access_tokens WHERE secret_hash = ?", arguments: [hash]).map(Self.token(from:))
        }
    }

    public func tokens() async throws -> [AccessToken] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM access_tokens ORDER BY created_at").map(Self.token(from:))
        }
    }

    public func revokeToken(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE access_tokens SET is_revoked = 1 WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    private static func token(from row: Row) -> AccessToken {
        let scopes: String = row["scopes"]
        return AccessToken(
            id: row["id"], name: row["name"], secretHash: row["secret_hash"],
            scopes: Set(scopes.split(separator: ",").compactMap { TokenScope(rawValue: String($0)) }),
            createdAt: Date(timeIntervalSince1970: row["created_at"]), isRevoked: row["is_revoked"]
        )
    }

    public func events(ofKind kind: EventKind) async throws -> [DeliveryEvent] {
        let payloads = try await database.read { db in
            try Data.fetchAll(db, sql: "SELECT payload FROM events WHERE kind = ? ORDER BY source, id", arguments: [kind.rawValue])
        }
        return try payloads.map(EventPayload.decode)
    }

    public func sourceActivity() async throws -> [SourceActivity] {
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT channel,
                       json_extract(headers, '$."x-streamgauge-tool"') AS tool,
                       json_extract(headers, '$."x-streamgauge-connection"') AS connection,
                       json_extract(headers, '$."x-streamgauge-repository"') AS repository,
                       COUNT(*) AS requests, MAX(received_at) AS last
                FROM raw_requests GROUP BY 1, 2, 3, 4
                """)
        }
        return SourceActivity.collect(rows.map { row in
            var headers: [String: String] = [:]
            headers["x-streamgauge-tool"] = row["tool"]
            headers["x-streamgauge-connection"] = row["connection"]
            headers["x-streamgauge-repository"] = row["repository"]
            return (row["channel"], headers, row["requests"], Date(timeIntervalSince1970: row["last"]))
        })
    }

    // MARK: Experiments and notifications (small tables of JSON definitions)

    public func saveExperiment(_ experiment: Experiment) async throws {
        let definition = String(decoding: try JSONEncoder().encode(experiment), as: UTF8.self)
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO experiments (id, created_at, definition) VALUES (?, ?, ?)",
                           arguments: [experiment.id, experiment.createdAt.timeIntervalSince1970, definition])
        }
    }

    public func experiments() async throws -> [Experiment] {
        try await definitions(sql: "SELECT definition FROM experiments ORDER BY created_at, id")
    }

    public func addNotification(_ notification: AlertNotification) async throws -> Bool {
        let definition = String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)
        return try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO alert_notifications (key, created_at, definition) VALUES (?, ?, ?)",
                           arguments: [notification.key, notification.createdAt.timeIntervalSince1970, definition])
            return db.changesCount > 0
        }
    }

    public func updateNotification(_ notification: AlertNotification) async throws {
        let definition = String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)
        try await write { db in
            try db.execute(sql: "UPDATE alert_notifications SET definition = ? WHERE key = ?", arguments: [definition, notification.key])
        }
    }

    public func notifications() async throws -> [AlertNotification] {
        try await definitions(sql: "SELECT definition FROM alert_notifications ORDER BY created_at, key")
    }

    private func definitions<Value: Decodable>(sql: String) async throws -> [Value] {
        let rows = try await database.read { db in try String.fetchAll(db, sql: sql) }
        return try rows.map { try JSONDecoder().decode(Value.self, from: Data($0.utf8)) }
    }

    // MARK: Connections

    public func saveConnection(_ connection: WebhookConnection) async throws {
        let definition = try JSONEncoder().encode(connection)
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO connections (name, definition) VALUES (?, ?)",
                           arguments: [connection.name, String(decoding: definition, as: UTF8.self)])
        }
    }

    public func connections() async throws -> [WebhookConnection] {
        let definitions = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT definition FROM connections ORDER BY name")
        }
        return try definitions.map { try JSONDecoder().decode(WebhookConnection.self, from: Data($0.utf8)) }
    }

    public func removeConnection(name: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM connections WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    // MARK: Encoding helpers

    private static func encodeHeaders(_ headers: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: headers, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func decodeHeaders(_ text: String) -> [String: String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] ?? [:]
    }
}
