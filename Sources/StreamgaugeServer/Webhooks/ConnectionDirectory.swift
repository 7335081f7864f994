import Connectors
import EventStore
import Foundation
import ValueStreamModel

/// Every webhook connection: those of the configuration file, then those added to the store with
/// `streamgauge connection add` (read on each lookup, so an added connection works at once on
/// every instance).
public struct ConnectionDirectory: Sendable {
    public let configured: [WebhookConnection]
    public let store: any EventStore

    public init(configured: [WebhookConnection], store: any EventStore) {
        self.configured = configured
        self.store = store
    }

    public func connection(named name: String) async throws -> WebhookConnection? {
        if let connection = configured.first(where: { $0.name == name }) { return connection }
        return try await store.connections().first { $0.name == name }
    }

    /// Every connection, with where it is defined.
    public func all() async throws -> [(connection: WebhookConnection, isConfigured: Bool)] {
        let names = Set(configured.map(\.name))
        return configured.map { ($0, true) } + (try await store.connections()).filter { !names.contains($0.name) }.map { ($0, false) }
    }

    /// The decoders for reprocessing: webhook deliveries decode with today's connections.
    public func decoders(organization: OrganizationMap) async throws -> DecoderRegistry {
        let byName = Dictionary(try await all().map { ($0.connection.name, $0.connection) }, uniquingKeysWith: { first, _ in first })
        return DecoderRegistry(DecoderRegistry.standardDecoders(webhooks: WebhookDecoder(organization: organization, connections: { byName[$0] })))
    }
}

/// Reads a connection's secret where the connection says it is, on every delivery (so a file
/// can be rotated in place). The secret is never logged or echoed.
public struct SecretReader: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The secret, or why it cannot be read.
    public func secret(of connection: WebhookConnection) -> Result<String, SecretUnavailable> {
        if let variable = connection.secretEnv {
            guard let value = environment[variable], !value.isEmpty else {
                return .failure(SecretUnavailable("the environment variable \(variable) holding the secret of connection `\(connection.name)` is not set"))
            }
            return .success(value)
        }
        if let path = connection.secretFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(SecretUnavailable("the secret file of connection `\(connection.name)` cannot be read"))
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return .failure(SecretUnavailable("the secret file of connection `\(connection.name)` is empty")) }
            return .success(value)
        }
        return .failure(SecretUnavailable("connection `\(connection.name)` names no secret"))
    }
}

/// A secret that cannot be read: deliveries are refused (fail closed), never let through.
public struct SecretUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
