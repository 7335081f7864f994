import Foundation
import ValueStreamModel

/// Everything a Streamgauge process is told: built by the command line from the configuration
/// file, the environment and flags. Libraries never read the environment themselves.
public struct StreamgaugeConfiguration: Sendable {
    /// Where the store lives: a SQLite file path, or `:memory:`.
    public var database: String
    public var host: String
    public var port: Int
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Whether requests need a bearer token. Off only in local-only mode (the demo), which binds
    /// to loopback and says so on start.
    public var requiresAuthentication: Bool
    public var organization: OrganizationMap
    public var metrics: MetricsSettings
    /// Webhook connections of the configuration file (more are added to the store with
    /// `streamgauge connection add`).
    public var connections: [WebhookConnection]
    /// Alert rules, checked every `alertInterval`.
    public var alertRules: [AlertRule] = []
    public var alertInterval: Duration = .seconds(300)
    /// The process environment, where connection secrets are read from.
    public var environment: [String: String]

    public init(
        database: String = "./streamgauge.sqlite", host: String = "127.0.0.1", port: Int = 8080,
        maxBodyBytes: Int = 32 * 1024 * 1024, requiresAuthentication: Bool = true,
        organization: OrganizationMap = OrganizationMap(), metrics: MetricsSettings = MetricsSettings(),
        connections: [WebhookConnection] = [], environment: [String: String] = [:]
    ) {
        self.connections = connections
        self.environment = environment
        self.database = database
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.requiresAuthentication = requiresAuthentication
        self.organization = organization
        self.metrics = metrics
    }
}
