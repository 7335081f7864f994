import Foundation
import ValueStreamModel

/// The flow figures of a scope over a window (METRICS.md, "Flow"), and its value stream map.
public struct FlowReport: Sendable {
    public struct Percentiles: Sendable, Hashable {
        public var count: Int
        public var p50Seconds: Double?
        public var p85Seconds: Double?

        init(_ values: [Double]) {
            let sorted = values.sorted()
            count = sorted.count
            p50Seconds = Percentile.of(sorted: sorted, 0.5)
            p85Seconds = Percentile.of(sorted: sorted, 0.85)
        }
    }

    /// One stage of the map with its figures over the items finished in the window.
    public struct Stage: Sendable {
        public var definition: FlowStage
        /// Items finished in the window that spent time in the stage, with the time each spent
        /// there in total.
        public var time: Percentiles
        public var totalSeconds: Double
        /// The stage's share of the waiting time of all waiting stages (the backlog left out).
        public var waitingShare: Double?
        /// Percent complete and accurate: of the items that left the stage, the share that left
        /// it forward and never came back.
        public var completeAndAccurate: Double?
        /// Items in the stage at the end of the window, and how long they have been there (p50).
        public var inProgress: Int
        public var currentAgeP50Seconds: Double?
    }

    /// A day of the cumulative flow diagram: items in each stage at its start (items done before
    /// the window left out, so the done band counts what the window finished).
    public struct FlowDay: Sendable {
        public var day: Date
        public var itemsPerStage: [Int]
        /// Items started and not done.
        public var load: Int
    }

    /// Where pull requests spend their time (those merged in the window).
    public struct PullRequestBreakdown: Sendable {
        public var coding: Percentiles
        public var pickup: Percentiles
        public var review: Percentiles
        public var mergeToDeploy: Percentiles
    }

    public var scope: MetricScope
    public var window: DateWindow
    public var completed: Int
    public var flowTime: Percentiles
    public var meanFlowTimeSeconds: Double?
    /// Active time over flow time, summed over the items finished in the window.
    public var flowEfficiency: Double?
    /// Items in progress, averaged over the days of the window.
    public var averageLoad: Double?
    /// Items finished per day.
    public var throughputPerDay: Double
    /// Little's law: the load that throughput and flow time imply, to set beside the measured one.
    public var impliedLoad: Double?
    /// Items finished by type (feature, defect, risk, debt).
    public var distribution: [WorkItemType: Int]
    public var stages: [Stage]
    /// The waiting stage where finished items waited longest in total, with its share.
    public var constraint: (name: String, waitingShare: Double)?
    public var pullRequests: PullRequestBreakdown
    public var days: [FlowDay]
    /// Items still in progress at the end of the window.
    public var inProgress: Int
}
