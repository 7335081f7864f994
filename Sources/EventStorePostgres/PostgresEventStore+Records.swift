import EventStore
import Foundation
import PostgresNIO
import ValueStreamModel

/// Checkpoints, tokens, connections, experiments and notifications: small tables.
extension PostgresEventStore {
    public func checkpoint(_ name: String) async throws -> String? {
        for try await value in try await client.query("SELECT value FROM checkpoints WHERE name = \(name)", logger: logger).decode(String.self) { return value }
        return nil
    }

    public func saveCheckpoint(_ name: String, value: String) async throws {
        try await client.query("INSERT INTO checkpoints (name, value) VALUES (\(name), \(value)) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value", logger: logger)
    }

    public func saveToken(_ token: AccessToken) async throws {
        let scopes = token.scopes.map(\.rawValue).sorted().joined(separator: ",")
        try await client.query("""
            INSERT INTO access_tokens (id, name, secret_hash, scopes, created_at, is_revoked)
            VALUES (\(token.id), \(token.name), \(token.secretHash), \(scopes), \(token.createdAt.timeIntervalSince1970), \(token.isRevoked))
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, secret_hash = EXCLUDED.secret_hash, scopes = EXCLUDED.scopes, is_revoked = EXCLUDED.is_revoked
            """, logger: logger)
    }

    public func token(hash: String) async throws -> AccessToken? {
        try await tokens(where: "SELECT id, name, secret_hash, scopes, created_at, is_revoked FROM access_tokens WHERE secret_hash = \(hash)").first
    }

    public func tokens() async throws -> [AccessToken] {
        try await tokens(where: "SELECT id, name, secret_hash, scopes, created_at, is_revoked FROM access_tokens ORDER BY created_at")
    }

    private func tokens(where query: PostgresQuery) async throws -> [AccessToken] {
        var result: [AccessToken] = []
        for try await (id, name, hash, scopes, created, revoked) in try await client.query(query, logger: logger).decode((String, String, String, String, Double, Bool).self) {
            result.append(AccessToken(
                id: id, name: name, secretHash: hash, scopes: Set(scopes.split(separator: ",").compactMap { TokenScope(rawValue: String($0)) }),
                createdAt: Date(timeIntervalSince1970: created), isRevoked: revoked
            ))
        }
        return result
    }

    public func revokeToken(id: String) async throws -> Bool {
        var revoked = false
        for try await _ in try await client.query("UPDATE access_tokens SET is_revoked = TRUE WHERE id = \(id) RETURNING id", logger: logger).decode(String.self) { revoked = true }
        return revoked
    }

    public func saveConnection(_ connection: WebhookConnection) async throws {
        let definition = String(decoding: try JSONEncoder().encode(connection), as: UTF8.self)
        try await client.query("INSERT INTO connections (name, definition) VALUES (\(connection.name), \(definition)) ON CONFLICT (name) DO UPDATE SET definition = EXCLUDED.definition", logger: logger)
    }

    public func connections() async throws -> [WebhookConnection] {
        try await definitions("SELECT definition FROM connections ORDER BY name")
    }

    public func removeConnection(name: String) async throws -> Bool {
        var removed = false
        for try await _ in try await client.query("DELETE FROM connections WHERE name = \(name) RETURNING name", logger: logger).decode(String.self) { removed = true }
        return removed
    }

    public func saveExperiment(_ experiment: Experiment) async throws {
        let definition = String(decoding: try JSONEncoder().encode(experiment), as: UTF8.self)
        try await client.query("""
            INSERT INTO experiments (id, created_at, definition) VALUES (\(experiment.id), \(experiment.createdAt.timeIntervalSince1970), \(definition))
            ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition
            """, logger: logger)
    }

    public func experiments() async throws -> [Experiment] {
        try await definitions("SELECT definition FROM experiments ORDER BY created_at, id")
    }

    public func addNotification(_ notification: AlertNotification) async throws -> Bool {
        let definition = String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)
        var added = false
        for try await _ in try await client.query("""
            INSERT INTO alert_notifications (key, created_at, definition) VALUES (\(notification.key), \(notification.createdAt.timeIntervalSince1970), \(definition))
            ON CONFLICT (key) DO NOTHING RETURNING key
            """, logger: logger).decode(String.self) {
            added = true
        }
        return added
    }

    public func updateNotification(_ notification: AlertNotification) async throws {
        let definition = String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)
        try await client.query("UPDATE alert_notifications SET definition = \(definition) WHERE key = \(notification.key)", logger: logger)
    }

    public func notifications() async throws -> [AlertNotification] {
        try await definitions("SELECT definition FROM alert_notifications ORDER BY created_at, key")
    }

    private func definitions<Value: Decodable>(_ query: PostgresQuery) async throws -> [Value] {
        var result: [Value] = []
        for try await definition in try await client.query(query, logger: logger).decode(String.self) {
            result.append(try JSONDecoder().decode(Value.self, from: Data(definition.utf8)))
        }
        return result
    }
}
