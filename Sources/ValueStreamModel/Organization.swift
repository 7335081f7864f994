/// Where a repository's (or a monorepo path's) changes belong.
public struct RepositoryMapping: Sendable, Hashable, Codable {
    public var repository: String
    /// Path prefixes inside a monorepo; empty means the whole repository.
    public var paths: [String]

    public init(repository: String, paths: [String] = []) {
        self.repository = repository
        self.paths = paths
    }
}

/// A deployable service and the repositories its changes come from.
public struct ServiceDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var team: String?
    public var repositories: [RepositoryMapping]

    public init(name: String, team: String? = nil, repositories: [RepositoryMapping] = []) {
        self.name = name
        self.team = team
        self.repositories = repositories
    }
}

/// A team owning services.
public struct TeamDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var valueStream: String?

    public init(name: String, valueStream: String? = nil) {
        self.name = name
        self.valueStream = valueStream
    }
}

/// The organisation as configured: repositories to services, services to teams, teams to value
/// streams. Services that only appear in events belong to no team until configured.
public struct OrganizationMap: Sendable, Hashable {
    public private(set) var services: [ServiceDefinition]
    public private(set) var teams: [TeamDefinition]
    private var servicesByRepository: [String: [String]] = [:]
    private var teamByService: [String: String] = [:]
    private var configuredServices: Set<String> = []
    private var valueStreamByTeam: [String: String] = [:]

    public init(services: [ServiceDefinition] = [], teams: [TeamDefinition] = []) {
        self.services = services
        self.teams = teams
        for service in services {
            for mapping in service.repositories {
                let repository = Self.normalized(mapping.repository)
                servicesByRepository[repository, default: []].append(service.name)
            }
            if let team = service.team { teamByService[service.name] = team }
            configuredServices.insert(service.name)
        }
        for team in teams {
            if let stream = team.valueStream { valueStreamByTeam[team.name] = stream }
        }
    }

    /// The services a repository's changes belong to: the configured ones, else the
    /// repository's last path component.
    public func services(forRepository repository: String) -> [String] {
        let normalizedRepository = Self.normalized(repository)
        if let configured = servicesByRepository[normalizedRepository] { return configured }
        return [Self.defaultServiceName(forRepository: normalizedRepository)]
    }

    /// The one service an importer files a repository's deployments and incidents under: the
    /// first configured one, else the repository's last path component.
    public func primaryService(forRepository repository: String) -> String {
        services(forRepository: repository)[0]
    }

    /// The monorepo path prefixes of a service in a repository; empty means every path counts.
    public func paths(ofService service: String, inRepository repository: String) -> [String] {
        let normalizedRepository = Self.normalized(repository)
        guard let definition = services.first(where: { $0.name == service }) else { return [] }
        return definition.repositories.first { Self.normalized($0.repository) == normalizedRepository }?.paths ?? []
    }

    public func team(ofService service: String) -> String? { teamByService[service] }

    /// Whether the configuration names this service.
    public func configures(service: String) -> Bool { configuredServices.contains(service) }

    public func valueStream(ofTeam team: String) -> String? { valueStreamByTeam[team] }

    public func valueStream(ofService service: String) -> String? {
        team(ofService: service).flatMap { valueStream(ofTeam: $0) }
    }

    /// The configured team names, then those only named by services, sorted.
    public var teamNames: [String] {
        Array(Set(teams.map(\.name)).union(teamByService.values)).sorted()
    }

    public var valueStreamNames: [String] { Array(Set(valueStreamByTeam.values)).sorted() }

    /// The services of a scope, given every service known to the store.
    public func services(in scope: MetricScope, known: [String]) -> [String] {
        let all = Set(known).union(services.map(\.name))
        switch scope.kind {
        case .organization: return all.sorted()
        case .service: return all.contains(scope.name) ? [scope.name] : []
        case .team: return all.filter { team(ofService: $0) == scope.name }.sorted()
        case .valueStream: return all.filter { valueStream(ofService: $0) == scope.name }.sorted()
        }
    }

    /// Whether the scope is something this organisation knows.
    public func knows(_ scope: MetricScope, known: [String]) -> Bool {
        switch scope.kind {
        case .organization: return true
        case .service: return known.contains(scope.name) || services.contains { $0.name == scope.name }
        case .team: return teamNames.contains(scope.name)
        case .valueStream: return valueStreamNames.contains(scope.name)
        }
    }

    /// `https://github.com/acme/checkout.git/` and `github.com/acme/checkout` are one repository.
    /// (Plain Swift string operations: this runs for every commit ingested.)
    public static func normalized(_ repository: String) -> String {
        var bytes = Array(repository.utf8)
        while bytes.last == UInt8(ascii: " ") || bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
        for prefix in ["https://", "http://", "ssh://", "git@"].map({ Array($0.utf8) })
        where bytes.count - start >= prefix.count && Array(bytes[start..<(start + prefix.count)]) == prefix {
            start += prefix.count
            break
        }
        let suffix = Array(".git".utf8)
        if bytes.count - start >= suffix.count, Array(bytes[(bytes.count - suffix.count)...]) == suffix {
            bytes.removeLast(suffix.count)
        }
        var result = Array(bytes[start...])
        for index in result.indices where result[index] == UInt8(ascii: ":") { result[index] = UInt8(ascii: "/") }
        return String(decoding: result, as: UTF8.self)
    }

    public static func defaultServiceName(forRepository repository: String) -> String {
        let normalizedRepository = normalized(repository)
        return normalizedRepository.split(separator: "/").last.map(String.init) ?? normalizedRepository
    }
}
