import Foundation
import ValueStreamModel

/// What happened in a scope over a window, deployment by deployment and incident by incident:
/// what a timeline chart, a lead-time distribution and a batch-size chart draw. Built from the
/// same linked facts and blame rules as the report, so the two never disagree.
public struct DeploymentTimeline: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: EventKey
        public var service: String
        public var finishedAt: Date
        /// `false`: a failed attempt (it deployed nothing).
        public var succeeded: Bool
        /// It failed in production: an incident is blamed on it, or it was rolled back.
        public var failedInProduction: Bool
        /// It rolls back another deployment or remediates incidents.
        public var isRework: Bool
        public var rolledBackAt: Date?
        public var changeCount: Int
        public var isFirst: Bool
    }

    public struct IncidentSpan: Sendable, Hashable {
        public var key: EventKey
        public var title: String?
        public var openedAt: Date
        public var resolvedAt: Date?
        /// How it was tied to a deployment; `nil` when none is blamed.
        public var attribution: AttributionMethod?
    }

    public var window: DateWindow
    public var deployments: [Entry]
    public var incidents: [IncidentSpan]
    /// Every lead time of the successful deployments in the window, sorted.
    public var leadTimes: [Double]

    public init(window: DateWindow, input: ReportInput) {
        self.window = window
        let blame = IncidentBlame(input: input)
        var leadTimes: [Double] = []
        deployments = input.deployments.filter { window.contains($0.finishedAt) }.sorted { $0.finishedAt < $1.finishedAt }.map { fact in
            if fact.succeeded { leadTimes.append(contentsOf: fact.leadTimes) }
            return Entry(
                key: fact.key, service: fact.service, finishedAt: fact.finishedAt, succeeded: fact.succeeded,
                failedInProduction: fact.succeeded && DoraReportBuilder.isFailed(fact, blamed: blame.incidents(blamedOn: fact.key)),
                isRework: fact.isRework, rolledBackAt: fact.rolledBackAt, changeCount: fact.changeCount, isFirst: fact.isFirst
            )
        }
        var seen: Set<EventKey> = []
        incidents = input.incidents.filter { window.contains($0.openedAt) && seen.insert($0.key).inserted }
            .sorted { $0.openedAt < $1.openedAt }
            .map { IncidentSpan(key: $0.key, title: $0.title, openedAt: $0.openedAt, resolvedAt: $0.resolvedAt, attribution: blame.method(of: $0.key)) }
        self.leadTimes = leadTimes.sorted()
    }
}
