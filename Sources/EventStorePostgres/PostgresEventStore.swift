import EventStore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ValueStreamModel

/// The store for organisations that outgrow one machine: PostgreSQL, shared by several
/// Streamgauge instances. Every ingest is one transaction that takes a transaction-level
/// advisory lock, so merges, duplicates and stale marks stay exact when instances ingest at
/// once; a request is acknowledged only after its transaction commits.
public final class PostgresEventStore: EventStore, @unchecked Sendable {
    let client: PostgresClient
    let logger: Logger
    public let location: PostgresLocation
    private let running: Task<Void, Never>
    /// The ingest lock's key (any number, the same on every instance).
    static let ingestLock: Int64 = 7_402_117
    /// How many times `prepare` tries to reach the server (with backoff from 0.5 s to 10 s).
    let connectAttempts: Int
    /// How long an ingest waits for the database before it is answered 503 (nothing stored).
    let ingestTimeout: Duration

    public init(url: String, connectAttempts: Int = 8, ingestTimeout: Duration = .seconds(15), logger: Logger = Logger(label: "streamgauge.postgres")) throws {
        location = try PostgresLocation(url: url)
        self.connectAttempts = connectAttempts
        self.ingestTimeout = ingestTimeout
        self.logger = logger
        let client = PostgresClient(configuration: try location.configuration(), backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Migrates, waiting for the server with backoff when it is not reachable yet.
    public func prepare() async throws {
        var delay = Duration.milliseconds(500)
        var attempt = 1
        while true {
            do {
                try await withDeadline(ingestTimeout) { [client, logger] in try await PostgresSchema.migrate(client, logger: logger) }
                return
            } catch {
                guard attempt < connectAttempts else {
                    throw PostgresUnavailable("PostgreSQL at \(location) is not reachable after \(attempt) attempts: \(Self.describe(error))")
                }
                logger.warning("PostgreSQL is not reachable yet; retrying", metadata: ["at": "\(location)", "in": "\(delay)", "error": "\(Self.describe(error))"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
                attempt += 1
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return error.serverInfo?[.message] ?? "\(error.code)"
        }
        return "\(error)"
    }

    // MARK: Ingest

    public func ingest(_ request: RawRequest, batch: PreparedBatch, organization: OrganizationMap) async throws -> IngestReceipt {
        try await withDeadline(ingestTimeout) { try await self.ingestNow(request, batch: batch, organization: organization) }
    }

    /// Runs `body`, or throws `PostgresUnavailable` once `limit` has passed (the database is
    /// down or unreachable); the caller answers 503 and acknowledges nothing.
    func withDeadline<Value: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw PostgresUnavailable("PostgreSQL at \(location) did not answer within \(limit)")
            }
            return value
        }
    }

    private func ingestNow(_ request: RawRequest, batch: PreparedBatch, organization: OrganizationMap) async throws -> IngestReceipt {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.ingestLock))", logger: logger)
            if let key = request.deliveryKey {
                for try await earlier in try await connection.query("SELECT sequence FROM raw_requests WHERE delivery_key = \(key)", logger: logger).decode(Int64.self) {
                    return IngestReceipt(accepted: 0, duplicates: batch.eventCount, sequence: earlier, isRedelivery: true)
                }
            }
            let headers = String(decoding: try JSONSerialization.data(withJSONObject: request.headers, options: [.sortedKeys]), as: UTF8.self)
            var sequence: Int64 = 0
            for try await value in try await connection.query("""
                INSERT INTO raw_requests (channel, received_at, headers, body, delivery_key)
                VALUES (\(request.channel), \(request.receivedAt.timeIntervalSince1970), \(headers), \(ByteBuffer(data: request.body)), \(request.deliveryKey))
                RETURNING sequence
                """, logger: logger).decode(Int64.self) {
                sequence = value
            }
            let (accepted, duplicates) = try await PostgresApply(connection: connection, logger: logger, organization: organization).apply(batch)
            return IngestReceipt(accepted: accepted, duplicates: duplicates, sequence: sequence)
        }
    }

    public func replay(_ batch: PreparedBatch, organization: OrganizationMap) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.ingestLock))", logger: logger)
            _ = try await PostgresApply(connection: connection, logger: logger, organization: organization).apply(batch)
        }
    }

    public func archivedRequests(after sequence: Int64, limit: Int) async throws -> [RawRequest] {
        var result: [RawRequest] = []
        let rows = try await client.query("""
            SELECT sequence, channel, received_at, headers, body, delivery_key FROM raw_requests
            WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
            """, logger: logger)
        for try await (number, channel, receivedAt, headers, body, deliveryKey) in rows.decode((Int64, String, Double, String, ByteBuffer, String?).self) {
            var request = RawRequest(
                channel: channel, headers: (try? JSONSerialization.jsonObject(with: Data(headers.utf8))) as? [String: String] ?? [:],
                body: Data(body.readableBytesView), receivedAt: Date(timeIntervalSince1970: receivedAt), deliveryKey: deliveryKey
            )
            request.sequence = number
            result.append(request)
        }
        return result
    }

    public func clearDerivedRecords() async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.ingestLock))", logger: logger)
            try await connection.query("""
                TRUNCATE events, commits, pull_requests, deployments, incident_services, service_repositories,
                stale_services, deployment_facts, attributions
                """, logger: logger)
        }
    }

    // MARK: Linking

    public func staleServices() async throws -> [StaleService] {
        var result: [StaleService] = []
        for try await (service, generation) in try await client.query("SELECT service, generation FROM stale_services ORDER BY service", logger: logger).decode((String, Int64).self) {
            result.append(StaleService(service: service, generation: generation))
        }
        return result
    }

    public func history(of service: String) async throws -> ServiceHistory {
        var history = ServiceHistory(service: service)
        history.deployments = try await payloads("""
            SELECT e.payload FROM deployments d JOIN events e ON e.source = d.source AND e.kind = 'deployment' AND e.id = d.id
            WHERE d.service = \(service)
            """).compactMap { if case .deployment(let value) = $0 { value } else { nil } }
        history.pullRequests = try await payloads("""
            SELECT e.payload FROM service_repositories r JOIN pull_requests p ON p.repository = r.repository
            JOIN events e ON e.source = p.source AND e.kind = 'pull_request' AND e.id = p.id WHERE r.service = \(service)
            """).compactMap { if case .pullRequest(let value) = $0 { value } else { nil } }
        history.incidents = try await payloads("""
            SELECT e.payload FROM incident_services i JOIN events e ON e.source = i.source AND e.kind = 'incident' AND e.id = i.id
            WHERE i.service = \(service)
            """).compactMap { if case .incident(let value) = $0 { value } else { nil } }
        history.commits = try await payloads("""
            SELECT c.payload FROM service_repositories r JOIN commits c ON c.repository = r.repository WHERE r.service = \(service)
            """).compactMap { if case .commit(let value) = $0 { value } else { nil } }
        return history
    }

    func payloads(_ query: PostgresQuery) async throws -> [DeliveryEvent] {
        var result: [DeliveryEvent] = []
        for try await payload in try await client.query(query, logger: logger).decode(ByteBuffer.self) {
            result.append(try EventPayload.decode(Data(payload.readableBytesView)))
        }
        return result
    }

    public func saveLinks(_ links: ServiceLinks, resolving stale: StaleService) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("DELETE FROM deployment_facts WHERE service = \(links.service)", logger: logger)
            try await connection.query("DELETE FROM attributions WHERE service = \(links.service)", logger: logger)
            let facts = links.deployments
            if !facts.isEmpty {
                try await connection.query("""
                    INSERT INTO deployment_facts (service, source, id, sha, finished_at, succeeded, is_first, change_count, lead_times,
                        negative_lead_times, unknown_commits, has_linked_change, is_rework, rolled_back_at)
                    SELECT \(links.service), * FROM UNNEST(\(facts.map(\.key.source))::text[], \(facts.map(\.key.id))::text[], \(facts.map(\.sha))::text[],
                        \(facts.map(\.finishedAt.timeIntervalSince1970))::float8[], \(facts.map(\.succeeded))::bool[], \(facts.map(\.isFirst))::bool[],
                        \(facts.map { Int64($0.changeCount) })::int8[], \(facts.map { ByteBuffer(data: LeadTimeBlob.encode($0.leadTimes)) })::bytea[],
                        \(facts.map { Int64($0.negativeLeadTimes) })::int8[], \(facts.map { Int64($0.unknownCommits) })::int8[],
                        \(facts.map(\.hasLinkedChange))::bool[], \(facts.map(\.isRework))::bool[],
                        \(facts.map { $0.rolledBackAt?.timeIntervalSince1970 ?? -Double.infinity })::float8[])
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
                try await connection.query("UPDATE deployment_facts SET rolled_back_at = NULL WHERE service = \(links.service) AND rolled_back_at = '-Infinity'", logger: logger)
            }
            let candidates = links.attributions
            if !candidates.isEmpty {
                try await connection.query("""
                    INSERT INTO attributions (incident_source, incident_id, deployment_source, deployment_id, service, deployment_finished_at, method)
                    SELECT * FROM UNNEST(\(candidates.map(\.incident.source))::text[], \(candidates.map(\.incident.id))::text[],
                        \(candidates.map(\.deployment.source))::text[], \(candidates.map(\.deployment.id))::text[], \(candidates.map(\.service))::text[],
                        \(candidates.map(\.deploymentFinishedAt.timeIntervalSince1970))::float8[], \(candidates.map(\.method.rawValue))::text[])
                    """, logger: logger)
            }
            try await connection.query("DELETE FROM stale_services WHERE service = \(stale.service) AND generation = \(stale.generation)", logger: logger)
        }
    }

    // MARK: Reports

    public func reportInput(services: [String], window: DateWindow) async throws -> ReportInput {
        let from = window.from.timeIntervalSince1970, to = window.to.timeIntervalSince1970
        var deployments: [DeploymentFact] = []
        let facts = try await client.query("""
            SELECT service, source, id, sha, finished_at, succeeded, is_first, change_count, lead_times, negative_lead_times,
                unknown_commits, has_linked_change, is_rework, rolled_back_at
            FROM deployment_facts WHERE service = ANY(\(services)) AND finished_at >= \(from) AND finished_at < \(to)
            """, logger: logger)
        for try await row in facts {
            let (service, source, id, sha, finished, succeeded, isFirst, changes, leadTimes, negative, unknown, linked, rework, rolledBack) =
                try row.decode((String, String, String, String, Double, Bool, Bool, Int64, ByteBuffer, Int64, Int64, Bool, Bool, Double?).self)
            deployments.append(DeploymentFact(
                key: EventKey(source: source, kind: .deployment, id: id), service: service, sha: sha, finishedAt: Date(timeIntervalSince1970: finished),
                succeeded: succeeded, isFirst: isFirst, changeCount: Int(changes), leadTimes: LeadTimeBlob.decode(Data(leadTimes.readableBytesView)),
                negativeLeadTimes: Int(negative), unknownCommits: Int(unknown), hasLinkedChange: linked, isRework: rework,
                rolledBackAt: rolledBack.map { Date(timeIntervalSince1970: $0) }
            ))
        }
        var incidentKeys: Set<EventKey> = []
        for try await (source, id) in try await client.query("""
            SELECT source, id FROM incident_services WHERE service = ANY(\(services)) AND opened_at >= \(from) AND opened_at < \(to)
            """, logger: logger).decode((String, String).self) {
            incidentKeys.insert(EventKey(source: source, kind: .incident, id: id))
        }
        var attributions: [AttributionCandidate] = []
        for try await (incidentSource, incidentId, deploymentSource, deploymentId, service, finished, method) in try await client.query("""
            SELECT a.incident_source, a.incident_id, a.deployment_source, a.deployment_id, a.service, a.deployment_finished_at, a.method
            FROM attributions a WHERE (a.incident_source, a.incident_id) IN (
                SELECT incident_source, incident_id FROM attributions
                WHERE service = ANY(\(services)) AND deployment_finished_at >= \(from) AND deployment_finished_at < \(to))
            """, logger: logger).decode((String, String, String, String, String, Double, String).self) {
            let incident = EventKey(source: incidentSource, kind: .incident, id: incidentId)
            incidentKeys.insert(incident)
            attributions.append(AttributionCandidate(
                incident: incident, deployment: EventKey(source: deploymentSource, kind: .deployment, id: deploymentId), service: service,
                deploymentFinishedAt: Date(timeIntervalSince1970: finished), method: AttributionMethod(rawValue: method) ?? .heuristic
            ))
        }
        let keys = incidentKeys.sorted()
        var incidents: [Incident] = []
        if !keys.isEmpty {
            for event in try await payloads("""
                SELECT e.payload FROM UNNEST(\(keys.map(\.source))::text[], \(keys.map(\.id))::text[]) AS k(source, id)
                JOIN events e ON e.source = k.source AND e.kind = 'incident' AND e.id = k.id ORDER BY e.source, e.id
                """) {
                if case .incident(let incident) = event { incidents.append(incident) }
            }
        }
        deployments.sort { ($0.finishedAt, $0.key) < ($1.finishedAt, $1.key) }
        return ReportInput(deployments: deployments, attributions: attributions, incidents: incidents)
    }

    public func knownServices() async throws -> [String] {
        var result: [String] = []
        for try await service in try await client.query("""
            SELECT service FROM deployments UNION SELECT service FROM incident_services UNION SELECT service FROM service_repositories ORDER BY 1
            """, logger: logger).decode(String.self) {
            result.append(service)
        }
        return result
    }

    public func archivedRequestCount() async throws -> Int {
        try await count("raw_requests")
    }

    private func count(_ table: String) async throws -> Int {
        for try await value in try await client.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger: logger).decode(Int64.self) { return Int(value) }
        return 0
    }

    public func statistics() async throws -> StoreStatistics {
        var counts: [String: Int] = [:]
        for try await (kind, count) in try await client.query("SELECT kind, COUNT(*) FROM events GROUP BY kind", logger: logger).decode((String, Int64).self) {
            counts[kind] = Int(count)
        }
        let commits = try await count("commits")
        if commits > 0 { counts[EventKind.commit.rawValue] = commits }
        return StoreStatistics(archivedRequests: try await count("raw_requests"), events: counts, deploymentFacts: try await count("deployment_facts"))
    }

    public func events(ofKind kind: EventKind) async throws -> [DeliveryEvent] {
        kind == .commit
            ? try await payloads("SELECT payload FROM commits ORDER BY source, id")
            : try await payloads("SELECT payload FROM events WHERE kind = \(kind.rawValue) ORDER BY source, id")
    }

    public func sourceActivity() async throws -> [SourceActivity] {
        var groups: [(channel: String, headers: [String: String], requests: Int, lastReceivedAt: Date)] = []
        for try await (channel, tool, connection, repository, requests, last) in try await client.query("""
            SELECT channel, headers::json->>'x-streamgauge-tool', headers::json->>'x-streamgauge-connection',
                headers::json->>'x-streamgauge-repository', COUNT(*), MAX(received_at)
            FROM raw_requests GROUP BY 1, 2, 3, 4
            """, logger: logger).decode((String, String?, String?, String?, Int64, Double).self) {
            var headers: [String: String] = [:]
            headers["x-streamgauge-tool"] = tool
            headers["x-streamgauge-connection"] = connection
            headers["x-streamgauge-repository"] = repository
            groups.append((channel, headers, Int(requests), Date(timeIntervalSince1970: last)))
        }
        return SourceActivity.collect(groups)
    }
}

/// The database cannot be reached: a clear message, and nothing acknowledged.
public struct PostgresUnavailable: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension PostgresEventStore {
    /// Creates an empty database on the server `url` points to and returns its URL: for tests
    /// and for trying a copy before switching.
    public static func createDatabase(_ name: String, at url: String, logger: Logger = Logger(label: "streamgauge.postgres")) async throws -> String {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { throw PostgresLocationError("database name \"\(name)\" must be letters, digits and _") }
        let location = try PostgresLocation(url: url)
        let client = PostgresClient(configuration: try location.configuration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            guard var components = URLComponents(string: url) else { return url }
            components.path = "/" + name
            return components.string ?? url
        }
    }
}
