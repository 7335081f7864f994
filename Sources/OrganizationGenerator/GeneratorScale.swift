import Foundation
import ValueStreamModel

/// The sizes of BENCHMARK.md, plus the small demo organisation.
public enum GeneratorScale: String, Sendable, CaseIterable {
    case demo, s = "S", m = "M", l = "L"

    public var services: Int {
        switch self {
        case .demo: 20
        case .s: 100
        case .m: 1_000
        case .l: 10_000
        }
    }

    public var days: Int {
        switch self {
        case .demo: 182
        case .s: 365
        case .m: 730
        case .l: 1_095
        }
    }

    public init?(parameter: String) {
        switch parameter.uppercased() {
        case "DEMO": self = .demo
        case "S": self = .s
        case "M": self = .m
        case "L": self = .l
        default: return nil
        }
    }
}

/// The DORA clusters services are spread over, with the deployment rate drawn around each.
enum PerformanceCluster: CaseIterable {
    case elite, high, medium, low

    /// Shares from BENCHMARK.md.
    static func draw(_ random: inout SeededRandom) -> PerformanceCluster {
        let value = random.unit()
        if value < 0.19 { return .elite }
        if value < 0.41 { return .high }
        if value < 0.76 { return .medium }
        return .low
    }

    var deploymentsPerDay: Double {
        switch self {
        case .elite: 4
        case .high: 0.4
        case .medium: 0.1
        case .low: 0.02
        }
    }

    /// Share of deployments that cause an incident.
    var incidentRate: Double {
        switch self {
        case .elite: 0.04
        case .high: 0.08
        case .medium: 0.12
        case .low: 0.2
        }
    }
}
