/// A DORA performance level.
public enum PerformanceLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case elite, high, medium, low

    private var rank: Int {
        switch self {
        case .elite: 0
        case .high: 1
        case .medium: 2
        case .low: 3
        }
    }

    public static func < (lhs: PerformanceLevel, rhs: PerformanceLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Thresholds of one metric: a value better than `elite` is elite, and so on; anything else is low.
public struct LevelThresholds: Sendable, Hashable, Codable {
    public var elite: Double
    public var high: Double
    public var medium: Double

    public init(elite: Double, high: Double, medium: Double) {
        self.elite = elite
        self.high = high
        self.medium = medium
    }
}

/// The level table a report uses, held as configuration. Durations in seconds; for lead time and
/// recovery time a level applies when the median is *below* its threshold; for change failure
/// rate when the rate is *at or below* it; for deployment frequency when deployments per day are
/// *at or above* it.
public struct LevelTable: Sendable, Hashable, Codable {
    public var name: String
    public var leadTimeSeconds: LevelThresholds
    public var changeFailureRate: LevelThresholds
    public var recoveryTimeSeconds: LevelThresholds
    public var deploymentsPerDay: LevelThresholds

    public init(
        name: String, leadTimeSeconds: LevelThresholds, changeFailureRate: LevelThresholds,
        recoveryTimeSeconds: LevelThresholds, deploymentsPerDay: LevelThresholds
    ) {
        self.name = name
        self.leadTimeSeconds = leadTimeSeconds
        self.changeFailureRate = changeFailureRate
        self.recoveryTimeSeconds = recoveryTimeSeconds
        self.deploymentsPerDay = deploymentsPerDay
    }

    /// The DORA 2023 benchmark (State of DevOps Report 2023).
    public static let dora2023 = LevelTable(
        name: "DORA 2023",
        leadTimeSeconds: LevelThresholds(elite: 86_400, high: 7 * 86_400, medium: 30 * 86_400),
        changeFailureRate: LevelThresholds(elite: 0.05, high: 0.10, medium: 0.15),
        recoveryTimeSeconds: LevelThresholds(elite: 3_600, high: 86_400, medium: 7 * 86_400),
        deploymentsPerDay: LevelThresholds(elite: 1, high: 1.0 / 7, medium: 1.0 / 30)
    )

    public func leadTimeLevel(medianSeconds: Double?) -> PerformanceLevel? {
        medianSeconds.map { Self.below($0, leadTimeSeconds) }
    }

    public func recoveryTimeLevel(medianSeconds: Double?) -> PerformanceLevel? {
        medianSeconds.map { Self.below($0, recoveryTimeSeconds) }
    }

    public func changeFailureRateLevel(rate: Double?) -> PerformanceLevel? {
        guard let rate else { return nil }
        if rate <= changeFailureRate.elite { return .elite }
        if rate <= changeFailureRate.high { return .high }
        if rate <= changeFailureRate.medium { return .medium }
        return .low
    }

    public func deploymentFrequencyLevel(perDay: Double) -> PerformanceLevel {
        if perDay >= deploymentsPerDay.elite { return .elite }
        if perDay >= deploymentsPerDay.high { return .high }
        if perDay >= deploymentsPerDay.medium { return .medium }
        return .low
    }

    private static func below(_ value: Double, _ thresholds: LevelThresholds) -> PerformanceLevel {
        if value < thresholds.elite { return .elite }
        if value < thresholds.high { return .high }
        if value < thresholds.medium { return .medium }
        return .low
    }
}
