import Foundation
import ValueStreamModel
import Yams

/// The YAML configuration file (see `streamgauge.example.yaml` for every key, commented).
public struct ConfigurationFile: Sendable, Decodable {
    public struct Server: Sendable, Decodable {
        public var host: String?
        public var port: Int?
        public var maxBodyBytes: Int?
    }

    public struct Metrics: Sendable, Decodable {
        public var productionEnvironments: [String]?
        public var attributionWindowHours: Double?
        public var levels: Levels?
    }

    /// A level table in hours and rates, as people write them.
    public struct Levels: Sendable, Decodable {
        public var name: String
        public var leadTimeHours: Thresholds
        public var changeFailureRate: Thresholds
        public var recoveryTimeHours: Thresholds
        public var deploymentsPerDay: Thresholds
    }

    public struct Thresholds: Sendable, Decodable {
        public var elite: Double
        public var high: Double
        public var medium: Double
    }

    /// Value stream maps: `stages` is the default map, `valueStreams.<name>.stages` a value
    /// stream's own.
    public struct Flow: Sendable, Decodable {
        public var stages: [FlowStage]?
        public var valueStreams: [String: FlowMap]?
    }

    public struct Service: Sendable, Decodable {
        public var name: String
        public var team: String?
        public var repositories: [Repository]?
    }

    /// A repository, written either as a plain string or as `{repository, paths}`.
    public struct Repository: Sendable, Decodable {
        public var repository: String
        public var paths: [String]

        private enum Keys: String, CodingKey { case repository, paths }

        public init(from decoder: any Decoder) throws {
            if let plain = try? decoder.singleValueContainer().decode(String.self) {
                repository = plain
                paths = []
                return
            }
            let container = try decoder.container(keyedBy: Keys.self)
            repository = try container.decode(String.self, forKey: .repository)
            paths = try container.decodeIfPresent([String].self, forKey: .paths) ?? []
        }
    }

    public struct Team: Sendable, Decodable {
        public var name: String
        public var valueStream: String?
    }

    public var database: String?
    public var server: Server?
    public var metrics: Metrics?
    public var services: [Service]?
    public var teams: [Team]?
    public var connections: [WebhookConnection]?
    public var flow: Flow?
    public var alerts: Alerts?

    /// Alert rules and how often they are checked.
    public struct Alerts: Sendable, Decodable {
        public var intervalMinutes: Double?
        public var rules: [AlertRule]?
    }

    /// Reads and checks a configuration file; errors name the file and the key at fault.
    public static func load(path: String) throws -> ConfigurationFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the configuration file \(path)")
        }
        do {
            let file = try YAMLDecoder().decode(ConfigurationFile.self, from: String(decoding: data, as: UTF8.self))
            try file.validate()
            return file
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(path): \(error.message)")
        } catch let error as DecodingError {
            throw ConfigurationError("\(path): \(Self.describe(error))")
        } catch {
            throw ConfigurationError("\(path): \(error)")
        }
    }

    func validate() throws {
        var seen: Set<String> = []
        for service in services ?? [] where !seen.insert(service.name).inserted {
            throw ConfigurationError("services: `\(service.name)` is defined twice")
        }
        var names: Set<String> = []
        for connection in connections ?? [] {
            if let problem = connection.problem { throw ConfigurationError("connections: \(problem)") }
            guard names.insert(connection.name).inserted else { throw ConfigurationError("connections: `\(connection.name)` is defined twice") }
        }
        if let stages = flow?.stages, let problem = FlowMap(stages: stages).problem { throw ConfigurationError("flow.stages: \(problem)") }
        for (name, map) in flow?.valueStreams ?? [:] {
            if let problem = map.problem { throw ConfigurationError("flow.valueStreams.\(name): \(problem)") }
        }
        for rule in alerts?.rules ?? [] {
            if let problem = rule.problem { throw ConfigurationError("alerts.rules: \(problem)") }
        }
        if let minutes = alerts?.intervalMinutes, minutes <= 0 { throw ConfigurationError("alerts.intervalMinutes must be more than zero") }
        if let hours = metrics?.attributionWindowHours, hours < 0 {
            throw ConfigurationError("metrics.attributionWindowHours must be zero or more")
        }
    }

    /// This file applied over `base`: what the file names wins.
    public func applied(to base: StreamgaugeConfiguration) -> StreamgaugeConfiguration {
        var configuration = base
        if let database { configuration.database = database }
        if let host = server?.host { configuration.host = host }
        if let port = server?.port { configuration.port = port }
        if let limit = server?.maxBodyBytes { configuration.maxBodyBytes = limit }
        var settings = configuration.metrics
        if let environments = metrics?.productionEnvironments {
            settings.productionEnvironments = Set(environments.map { $0.lowercased() })
        }
        if let hours = metrics?.attributionWindowHours { settings.attributionWindow = hours * 3_600 }
        if let levels = metrics?.levels {
            settings.levels = LevelTable(
                name: levels.name,
                leadTimeSeconds: LevelThresholds(elite: levels.leadTimeHours.elite * 3_600, high: levels.leadTimeHours.high * 3_600, medium: levels.leadTimeHours.medium * 3_600),
                changeFailureRate: LevelThresholds(elite: levels.changeFailureRate.elite, high: levels.changeFailureRate.high, medium: levels.changeFailureRate.medium),
                recoveryTimeSeconds: LevelThresholds(elite: levels.recoveryTimeHours.elite * 3_600, high: levels.recoveryTimeHours.high * 3_600, medium: levels.recoveryTimeHours.medium * 3_600),
                deploymentsPerDay: LevelThresholds(elite: levels.deploymentsPerDay.elite, high: levels.deploymentsPerDay.high, medium: levels.deploymentsPerDay.medium)
            )
        }
        if let stages = flow?.stages { settings.defaultFlowMap = FlowMap(stages: stages) }
        if let maps = flow?.valueStreams { settings.flowMaps = maps }
        configuration.metrics = settings
        if let connections { configuration.connections = connections }
        if let rules = alerts?.rules { configuration.alertRules = rules }
        if let minutes = alerts?.intervalMinutes { configuration.alertInterval = .milliseconds(Int64(minutes * 60_000)) }
        if services != nil || teams != nil {
            configuration.organization = OrganizationMap(
                services: (services ?? []).map { service in
                    ServiceDefinition(
                        name: service.name, team: service.team,
                        repositories: (service.repositories ?? []).map { RepositoryMapping(repository: $0.repository, paths: $0.paths) }
                    )
                },
                teams: (teams ?? []).map { TeamDefinition(name: $0.name, valueStream: $0.valueStream) }
            )
        }
        return configuration
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context).isEmpty ? "" : path(context) + ": ")missing key `\(key.stringValue)`"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A configuration that cannot be used, with what is wrong and where.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
