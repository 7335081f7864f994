import Foundation

/// The settings that change how metrics are derived: which environments are production, how far
/// back the incident heuristic looks, and the level table.
public struct MetricsSettings: Sendable, Hashable {
    /// Lower-cased production environment names.
    public var productionEnvironments: Set<String>
    /// How long before an incident a deployment may have finished to be blamed by the heuristic;
    /// zero turns the heuristic off.
    public var attributionWindow: TimeInterval
    public var levels: LevelTable
    /// The value stream map of each value stream that configures one; the others use
    /// `defaultFlowMap`.
    public var flowMaps: [String: FlowMap] = [:]
    public var defaultFlowMap: FlowMap = .standard

    public func flowMap(ofValueStream valueStream: String?) -> FlowMap {
        valueStream.flatMap { flowMaps[$0] } ?? defaultFlowMap
    }

    public init(
        productionEnvironments: [String] = Self.defaultProductionEnvironments,
        attributionWindow: TimeInterval = 24 * 3_600,
        levels: LevelTable = .dora2023
    ) {
        self.productionEnvironments = Set(productionEnvironments.map { $0.lowercased() })
        self.attributionWindow = attributionWindow
        self.levels = levels
    }

    public static let defaultProductionEnvironments = ["production", "prod", "prd", "live"]

    public func isProduction(environment: String) -> Bool {
        productionEnvironments.contains(environment.lowercased())
    }
}
