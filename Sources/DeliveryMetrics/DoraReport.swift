import Foundation
import ValueStreamModel

/// The DORA five and their companions for one scope and window, in the shape of METRICS.md.
public struct DoraReport: Sendable, Hashable {
    public struct DeploymentFrequency: Sendable, Hashable {
        public var count: Int
        public var perDay: Double
        public var failedAttempts: Int
        public var level: PerformanceLevel?
    }

    public struct LeadTimeForChanges: Sendable, Hashable {
        public var changes: Int
        public var p50Seconds: Double?
        public var p85Seconds: Double?
        public var level: PerformanceLevel?
    }

    public struct ChangeFailureRate: Sendable, Hashable {
        public var failed: Int
        public var deployments: Int
        public var rate: Double?
        public var level: PerformanceLevel?
    }

    public struct RecoveryTime: Sendable, Hashable {
        public var recovered: Int
        public var open: Int
        public var p50Seconds: Double?
        public var level: PerformanceLevel?
        /// For the dashboard's trend charts; not part of the report's JSON (METRICS.md).
        public var p85Seconds: Double?
    }

    public struct ReworkRate: Sendable, Hashable {
        public var rework: Int
        public var deployments: Int
        public var rate: Double?
    }

    public struct TimeToRestore: Sendable, Hashable {
        public var incidents: Int
        public var p50Seconds: Double?
    }

    public struct BatchSize: Sendable, Hashable {
        public var p50Commits: Double?
    }

    public var scope: MetricScope
    public var window: DateWindow
    public var deploymentFrequency: DeploymentFrequency
    public var leadTimeForChanges: LeadTimeForChanges
    public var changeFailureRate: ChangeFailureRate
    public var failedDeploymentRecoveryTime: RecoveryTime
    public var deploymentReworkRate: ReworkRate
    public var incidentTimeToRestore: TimeToRestore
    public var batchSize: BatchSize
    /// The name of the level table used.
    public var benchmark: String
    /// Gaps found on the way; reported beside the metrics, never inside them.
    public var dataQuality: DataQuality
}

/// What the metrics could not see: the gaps a user should close to trust the figures.
public struct DataQuality: Sendable, Hashable {
    /// Successful production deployments whose sha is no known commit.
    public var deploymentsWithoutLinkedChange = 0
    /// Commits a graph walk needed and did not know.
    public var unknownCommits = 0
    /// Lead times below zero (clock skew), dropped.
    public var negativeLeadTimesDropped = 0
    /// Incidents opened in the window that no deployment is blamed for.
    public var unattributedIncidents = 0
    /// Attributed incidents by the method that tied them.
    public var attributionsByMethod: [AttributionMethod: Int] = [:]

    public init() {}
}
