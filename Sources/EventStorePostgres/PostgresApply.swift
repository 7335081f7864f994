import EventStore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ValueStreamModel

/// Applies a request's events inside an ingest transaction: new commits in one bulk insert,
/// every other event compared with (or merged into) what is stored, index rows kept in step, and
/// the touched services marked stale with a new generation.
struct PostgresApply {
    let connection: PostgresConnection
    let logger: Logger
    let organization: OrganizationMap

    func apply(_ batch: PreparedBatch) async throws -> (accepted: Int, duplicates: Int) {
        var accepted = 0
        var duplicates = batch.repeatsWithinRequest
        var router = EventRouter(organization: organization)

        // New commits, the bulk of any import: one statement; those already stored are compared below.
        var remaining: [PreparedBatch.Entry] = []
        let newCommits = batch.entries.filter { if case .commit = $0.event, $0.mode == .replace { true } else { false } }
        if !newCommits.isEmpty {
            let payloads = newCommits.map { ByteBuffer(data: EventPayload.encode($0.event)) }
            let repositories = newCommits.map { entry -> String in
                if case .commit(let commit) = entry.event { return OrganizationMap.normalized(commit.repository) }
                return ""
            }
            var inserted: Set<String> = []
            for try await (source, id) in try await connection.query("""
                INSERT INTO commits (source, id, repository, payload)
                SELECT * FROM UNNEST(\(newCommits.map(\.event.key.source))::text[], \(newCommits.map(\.event.key.id))::text[], \(repositories)::text[], \(payloads)::bytea[])
                ON CONFLICT (source, id) DO NOTHING RETURNING source, id
                """, logger: logger).decode((String, String).self) {
                inserted.insert(source + "\u{0}" + id)
            }
            for entry in newCommits {
                if inserted.contains(entry.event.key.source + "\u{0}" + entry.event.key.id) {
                    accepted += 1
                    router.touch(entry.event)
                } else {
                    remaining.append(entry)
                }
            }
        }
        remaining += batch.entries.filter { if case .commit = $0.event, $0.mode == .replace { false } else { true } }

        // Everything else in a few statements: read what is stored, decide, write in bulk.
        let stored = try await storedEvents(remaining.map(\.event.key))
        var writes: [(event: DeliveryEvent, payload: Data)] = []
        var replaced: [DeliveryEvent] = []
        for entry in remaining {
            let current = stored[entry.event.key]
            guard let resolved = PreparedBatch.resolve(entry, stored: current) else { continue }
            let payload = EventPayload.encode(resolved)
            if let current, EventPayload.encode(current) == payload {
                duplicates += 1
                continue
            }
            accepted += 1
            if let current {
                router.touch(current)
                replaced.append(current)
            }
            writes.append((resolved, payload))
            router.touch(resolved)
        }
        try await removeIndexRows(of: replaced)
        try await write(writes)
        try await markStale(router.touched)
        return (accepted, duplicates)
    }

    /// The stored events of these keys, in two statements (commits and the rest).
    private func storedEvents(_ keys: [EventKey]) async throws -> [EventKey: DeliveryEvent] {
        var result: [EventKey: DeliveryEvent] = [:]
        let commits = keys.filter { $0.kind == .commit }, others = keys.filter { $0.kind != .commit }
        if !commits.isEmpty {
            for try await payload in try await connection.query("""
                SELECT c.payload FROM UNNEST(\(commits.map(\.source))::text[], \(commits.map(\.id))::text[]) AS k(source, id)
                JOIN commits c ON c.source = k.source AND c.id = k.id
                """, logger: logger).decode(ByteBuffer.self) {
                let event = try EventPayload.decode(Data(payload.readableBytesView))
                result[event.key] = event
            }
        }
        if !others.isEmpty {
            for try await payload in try await connection.query("""
                SELECT e.payload FROM UNNEST(\(others.map(\.source))::text[], \(others.map(\.kind.rawValue))::text[], \(others.map(\.id))::text[]) AS k(source, kind, id)
                JOIN events e ON e.source = k.source AND e.kind = k.kind AND e.id = k.id
                """, logger: logger).decode(ByteBuffer.self) {
                let event = try EventPayload.decode(Data(payload.readableBytesView))
                result[event.key] = event
            }
        }
        return result
    }

    /// Stores events and their index rows, a statement per table.
    private func write(_ writes: [(event: DeliveryEvent, payload: Data)]) async throws {
        var commits: [(EventKey, String, ByteBuffer)] = [], events: [(EventKey, ByteBuffer)] = []
        var pulls: [(EventKey, String)] = [], deployments: [(EventKey, String)] = [], incidents: [(EventKey, String, Double)] = []
        for (event, payload) in writes {
            let key = event.key, bytes = ByteBuffer(data: payload)
            switch event {
            case .commit(let commit):
                commits.append((key, OrganizationMap.normalized(commit.repository), bytes))
                continue
            case .pullRequest(let pullRequest): pulls.append((key, OrganizationMap.normalized(pullRequest.repository)))
            case .deployment(let deployment): deployments.append((key, deployment.service))
            case .incident(let incident): incidents += Set(incident.services).map { (key, $0, incident.openedAt.timeIntervalSince1970) }
            case .pipelineRun, .workItem: break
            }
            events.append((key, bytes))
        }
        if !commits.isEmpty {
            try await connection.query("""
                INSERT INTO commits (source, id, repository, payload)
                SELECT * FROM UNNEST(\(commits.map(\.0.source))::text[], \(commits.map(\.0.id))::text[], \(commits.map(\.1))::text[], \(commits.map(\.2))::bytea[])
                ON CONFLICT (source, id) DO UPDATE SET repository = EXCLUDED.repository, payload = EXCLUDED.payload
                """, logger: logger)
        }
        if !events.isEmpty {
            try await connection.query("""
                INSERT INTO events (source, kind, id, payload)
                SELECT * FROM UNNEST(\(events.map(\.0.source))::text[], \(events.map(\.0.kind.rawValue))::text[], \(events.map(\.0.id))::text[], \(events.map(\.1))::bytea[])
                ON CONFLICT (source, kind, id) DO UPDATE SET payload = EXCLUDED.payload
                """, logger: logger)
        }
        if !pulls.isEmpty {
            try await connection.query("""
                INSERT INTO pull_requests (source, id, repository)
                SELECT * FROM UNNEST(\(pulls.map(\.0.source))::text[], \(pulls.map(\.0.id))::text[], \(pulls.map(\.1))::text[]) ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !deployments.isEmpty {
            try await connection.query("""
                INSERT INTO deployments (source, id, service)
                SELECT * FROM UNNEST(\(deployments.map(\.0.source))::text[], \(deployments.map(\.0.id))::text[], \(deployments.map(\.1))::text[]) ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !incidents.isEmpty {
            try await connection.query("""
                INSERT INTO incident_services (source, id, service, opened_at)
                SELECT * FROM UNNEST(\(incidents.map(\.0.source))::text[], \(incidents.map(\.0.id))::text[], \(incidents.map(\.1))::text[], \(incidents.map(\.2))::float8[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    /// Removes the index rows of events about to be replaced (their service or repository may change).
    private func removeIndexRows(of events: [DeliveryEvent]) async throws {
        for (kind, table) in [(EventKind.pullRequest, "pull_requests"), (.deployment, "deployments"), (.incident, "incident_services")] {
            let keys = events.map(\.key).filter { $0.kind == kind }
            guard !keys.isEmpty else { continue }
            try await connection.query(PostgresQuery(
                unsafeSQL: "DELETE FROM \(table) t USING UNNEST($1::text[], $2::text[]) AS k(source, id) WHERE t.source = k.source AND t.id = k.id",
                binds: try Self.binds(keys.map(\.source), keys.map(\.id))
            ), logger: logger)
        }
    }

    static func binds(_ sources: [String], _ ids: [String]) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        try bindings.append(sources)
        try bindings.append(ids)
        return bindings
    }

    private func markStale(_ routing: EventRouting) async throws {
        let pairs = Array(routing.serviceRepositories)
        if !pairs.isEmpty {
            try await connection.query("""
                INSERT INTO service_repositories (service, repository)
                SELECT * FROM UNNEST(\(pairs.map(\.service))::text[], \(pairs.map(\.repository))::text[]) ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        var services = routing.services
        if !routing.repositories.isEmpty {
            for try await service in try await connection.query(
                "SELECT DISTINCT service FROM service_repositories WHERE repository = ANY(\(Array(routing.repositories)))", logger: logger
            ).decode(String.self) {
                services.insert(service)
            }
        }
        guard !services.isEmpty else { return }
        try await connection.query("""
            WITH next AS (SELECT nextval('stale_generation') AS generation)
            INSERT INTO stale_services (service, generation) SELECT s, next.generation FROM UNNEST(\(services.sorted())::text[]) AS s, next
            ON CONFLICT (service) DO UPDATE SET generation = EXCLUDED.generation
            """, logger: logger)
    }
}
