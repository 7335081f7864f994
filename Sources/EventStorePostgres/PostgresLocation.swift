import Foundation
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL store is: `postgres://user:password@host:port/database?sslmode=...`
/// (`disable`, `prefer` the default, or `require`; `sslrootcert=PATH` adds a CA to trust).
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: String
    public var rootCertificate: String?

    public init(url text: String) throws {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw PostgresLocationError("\"\(Self.redacted(text))\" is not a postgres://user:password@host:port/database URL")
        }
        self.host = host
        port = components.port ?? 5432
        username = components.user ?? "postgres"
        password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : path
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        sslMode = query["sslmode"] ?? "prefer"
        rootCertificate = query["sslrootcert"]
        guard ["disable", "prefer", "require", "verify-ca", "verify-full"].contains(sslMode) else {
            throw PostgresLocationError("sslmode must be disable, prefer or require, not \"\(sslMode)\"")
        }
    }

    /// The client configuration, TLS options passed through.
    func configuration() throws -> PostgresClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let rootCertificate {
            tls.trustRoots = .file(rootCertificate)
        }
        if sslMode == "prefer" { tls.certificateVerification = .none }
        let mode: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "prefer": .prefer(tls)
        default: .require(tls)
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: mode)
        configuration.options.maximumConnections = 16
        return configuration
    }

    /// The URL without its password, for messages.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}

/// A PostgreSQL URL that cannot be used.
public struct PostgresLocationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
