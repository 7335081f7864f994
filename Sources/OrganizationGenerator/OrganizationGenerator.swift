import Foundation
import ValueStreamModel

/// A synthetic but realistic organisation (BENCHMARK.md): services over the DORA clusters, a real
/// commit graph with merge and squash commits, pull requests with coding, pickup and review
/// times, staging and production deployments with failed attempts, incidents (explicitly blamed,
/// only close in time, or unrelated), rollbacks, hotfixes, pipeline runs and work items with
/// loop-backs. Deterministic: the same scale, seed and end give the same events.
public struct OrganizationGenerator: Sendable {
    public let scale: GeneratorScale
    public let seed: UInt64
    public let end: Date
    public let organization: OrganizationMap
    private let blueprints: [ServiceBlueprint]

    /// The default end of generated history, fixed so that output is reproducible.
    public static let defaultEnd = Date(timeIntervalSince1970: 1_782_864_000) // 2026-07-01T00:00:00Z

    public init(scale: GeneratorScale, seed: UInt64, end: Date = OrganizationGenerator.defaultEnd) {
        self.scale = scale
        self.seed = seed
        self.end = end
        var random = SeededRandom(seed: seed)
        var blueprints: [ServiceBlueprint] = []
        var services: [ServiceDefinition] = []
        var teams: [TeamDefinition] = []
        var index = 0
        var teamIndex = 0
        var streamIndex = 0
        while index < scale.services {
            let streamName = Names.valueStream(streamIndex)
            streamIndex += 1
            for _ in 0..<(2 + Int(random.unit() * 3)) where index < scale.services {
                let teamName = Names.team(teamIndex)
                teamIndex += 1
                teams.append(TeamDefinition(name: teamName, valueStream: streamName))
                for _ in 0..<(2 + Int(random.unit() * 4)) where index < scale.services {
                    let name = Names.service(index)
                    let repository = "github.com/acme/\(name)"
                    services.append(ServiceDefinition(name: name, team: teamName, repositories: [RepositoryMapping(repository: repository)]))
                    blueprints.append(ServiceBlueprint(
                        index: index, name: name, repository: repository, cluster: PerformanceCluster.draw(&random),
                        size: random.logNormal(median: 1, sigma: 0.5), squashes: random.chance(0.4),
                        incidentFactor: random.logNormal(median: 1, sigma: 0.4)
                    ))
                    index += 1
                }
            }
        }
        self.blueprints = blueprints
        organization = OrganizationMap(services: services, teams: teams)
    }

    /// How many services the organisation has.
    public var serviceCount: Int { blueprints.count }

    /// Produces every event, service after service, each service's in time order.
    public func generate(_ emit: (DeliveryEvent) throws -> Void) rethrows {
        for position in blueprints.indices {
            try generateService(at: position, emit)
        }
    }

    /// Produces one service's events in time order (independent of the others, so that large
    /// scales can be streamed service by service).
    public func generateService(at position: Int, _ emit: (DeliveryEvent) throws -> Void) rethrows {
        let start = end.addingTimeInterval(-Double(scale.days) * 86_400)
        let blueprint = blueprints[position]
        let neighbour = blueprints[(position + 1) % blueprints.count].name
        var simulation = ServiceSimulation(
            blueprint: blueprint, neighbour: neighbour, start: start, end: end,
            random: SeededRandom(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(blueprint.index))
        )
        try simulation.run(emit)
    }

    /// Each service's DORA cluster as generated (`elite`, `high`, `medium`, `low`), for tests that
    /// check that the figures reveal it.
    public var clusters: [String: String] {
        Dictionary(uniqueKeysWithValues: blueprints.map { ($0.name, "\($0.cluster)") })
    }
}

/// One generated service's fixed traits.
struct ServiceBlueprint: Sendable {
    let index: Int
    let name: String
    let repository: String
    let cluster: PerformanceCluster
    /// Relative amount of work (pull requests) compared to a typical service.
    let size: Double
    /// Whether pull requests are squash-merged.
    let squashes: Bool
    let incidentFactor: Double
}

/// Readable names for generated services, teams and value streams.
enum Names {
    static let services = [
        "checkout", "payments", "catalog", "search", "cart", "accounts", "billing", "shipping", "inventory",
        "pricing", "reviews", "recommendations", "notifications", "identity", "ledger", "invoicing", "fraud",
        "loyalty", "returns", "warehouse", "routing", "tracking", "support", "onboarding", "reporting",
        "gateway", "media", "content", "subscriptions", "promotions",
    ]
    static let teams = ["orion", "lyra", "draco", "cygnus", "perseus", "aquila", "vela", "carina", "hydra", "phoenix"]
    static let streams = ["commerce", "fulfilment", "customer", "finance", "platform", "growth"]

    static func service(_ index: Int) -> String {
        index < services.count ? services[index] : "\(services[index % services.count])-\(index / services.count)"
    }

    static func team(_ index: Int) -> String {
        index < teams.count ? teams[index] : "\(teams[index % teams.count])-\(index / teams.count)"
    }

    static func valueStream(_ index: Int) -> String {
        index < streams.count ? streams[index] : "\(streams[index % streams.count])-\(index / streams.count)"
    }
}
