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

    func apply(_ incoming: [IncomingEvent]) async throws -> (accepted: Int, duplicates: Int) {
        let batch = PreparedBatch(incoming)
        var accepted = 0
        var duplicates = batch.repeatsWithinRequest
        var routing = EventRouting()
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
                    routing.formUnion(router.routing(of: entry.event))
                } else {
                    remaining.append(entry)
                }
            }
        }
        remaining += batch.entries.filter { if case .commit = $0.event, $0.mode == .replace { false } else { true } }

        for entry in remaining {
            let key = entry.event.key
            let stored = try await storedEvent(key)
            guard let resolved = PreparedBatch.resolve(entry, stored: stored) else { continue }
            let payload = EventPayload.encode(resolved)
            if let stored, EventPayload.encode(stored) == payload {
                duplicates += 1
                continue
            }
            accepted += 1
            if let stored {
                routing.formUnion(router.routing(of: stored))
                try await removeIndexRows(of: stored)
            }
            try await write(resolved, payload: payload)
            routing.formUnion(router.routing(of: resolved))
        }
        try await markStale(routing)
        return (accepted, duplicates)
    }

    private func storedEvent(_ key: EventKey) async throws -> DeliveryEvent? {
        let query: PostgresQuery = key.kind == .commit
            ? "SELECT payload FROM commits WHERE source = \(key.source) AND id = \(key.id)"
            : "SELECT payload FROM events WHERE source = \(key.source) AND kind = \(key.kind.rawValue) AND id = \(key.id)"
        for try await payload in try await connection.query(query, logger: logger).decode(ByteBuffer.self) {
            return try EventPayload.decode(Data(payload.readableBytesView))
        }
        return nil
    }

    private func write(_ event: DeliveryEvent, payload: Data) async throws {
        let key = event.key
        let bytes = ByteBuffer(data: payload)
        switch event {
        case .commit(let commit):
            try await connection.query("""
                INSERT INTO commits (source, id, repository, payload) VALUES (\(key.source), \(key.id), \(OrganizationMap.normalized(commit.repository)), \(bytes))
                ON CONFLICT (source, id) DO UPDATE SET repository = EXCLUDED.repository, payload = EXCLUDED.payload
                """, logger: logger)
            return
        case .pullRequest(let pullRequest):
            try await connection.query("INSERT INTO pull_requests (source, id, repository) VALUES (\(key.source), \(key.id), \(OrganizationMap.normalized(pullRequest.repository)))", logger: logger)
        case .deployment(let deployment):
            try await connection.query("INSERT INTO deployments (source, id, service) VALUES (\(key.source), \(key.id), \(deployment.service))", logger: logger)
        case .incident(let incident):
            for service in Set(incident.services) {
                try await connection.query("""
                    INSERT INTO incident_services (source, id, service, opened_at) VALUES (\(key.source), \(key.id), \(service), \(incident.openedAt.timeIntervalSince1970))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
        case .pipelineRun, .workItem:
            break
        }
        try await connection.query("""
            INSERT INTO events (source, kind, id, payload) VALUES (\(key.source), \(key.kind.rawValue), \(key.id), \(bytes))
            ON CONFLICT (source, kind, id) DO UPDATE SET payload = EXCLUDED.payload
            """, logger: logger)
    }

    private func removeIndexRows(of event: DeliveryEvent) async throws {
        let key = event.key
        switch event {
        case .commit: break // replaced in place by `write`
        case .pullRequest: try await connection.query("DELETE FROM pull_requests WHERE source = \(key.source) AND id = \(key.id)", logger: logger)
        case .deployment: try await connection.query("DELETE FROM deployments WHERE source = \(key.source) AND id = \(key.id)", logger: logger)
        case .incident: try await connection.query("DELETE FROM incident_services WHERE source = \(key.source) AND id = \(key.id)", logger: logger)
        case .pipelineRun, .workItem: break
        }
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
