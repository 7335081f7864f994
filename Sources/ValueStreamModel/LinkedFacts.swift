import Foundation

/// What linking derived for one production deployment of a service: computed once when the
/// service's history changes, kept by the store, and summed up by every report.
public struct DeploymentFact: Sendable, Hashable, Codable {
    public var key: EventKey
    public var service: String
    public var sha: String
    public var finishedAt: Date
    /// `false` for a failed attempt: reported, never in a rate's denominator.
    public var succeeded: Bool
    /// The service's first successful production deployment: it has no lead times.
    public var isFirst: Bool
    /// Commits counted at this deployment (after the first-deployment rule).
    public var changeCount: Int
    /// Lead times of those commits in seconds, negative ones removed.
    public var leadTimes: [Double]
    /// Commits whose lead time was negative (clock skew), dropped.
    public var negativeLeadTimes: Int
    /// Commits the graph walk needed but did not know: a data-quality gap.
    public var unknownCommits: Int
    /// Whether the deployed sha is a known commit.
    public var hasLinkedChange: Bool
    /// Rolls back another deployment or remediates incidents.
    public var isRework: Bool
    /// When the latest deployment rolling this one back finished.
    public var rolledBackAt: Date?

    public init(
        key: EventKey, service: String, sha: String, finishedAt: Date, succeeded: Bool,
        isFirst: Bool = false, changeCount: Int = 0, leadTimes: [Double] = [],
        negativeLeadTimes: Int = 0, unknownCommits: Int = 0, hasLinkedChange: Bool = false,
        isRework: Bool = false, rolledBackAt: Date? = nil
    ) {
        self.key = key
        self.service = service
        self.sha = sha
        self.finishedAt = finishedAt
        self.succeeded = succeeded
        self.isFirst = isFirst
        self.changeCount = changeCount
        self.leadTimes = leadTimes
        self.negativeLeadTimes = negativeLeadTimes
        self.unknownCommits = unknownCommits
        self.hasLinkedChange = hasLinkedChange
        self.isRework = isRework
        self.rolledBackAt = rolledBackAt
    }
}

/// How an incident was tied to a deployment, first rule that applies.
public enum AttributionMethod: String, Sendable, Codable, CaseIterable, Comparable {
    case explicit, sha, heuristic

    var precedence: Int {
        switch self {
        case .explicit: 0
        case .sha: 1
        case .heuristic: 2
        }
    }

    public static func < (lhs: AttributionMethod, rhs: AttributionMethod) -> Bool {
        lhs.precedence < rhs.precedence
    }
}

/// A deployment that one of an incident's services offers as its cause. An incident of a single
/// service has at most one; one spanning services may have one per service, and the report keeps
/// the best (`AttributionCandidate.isPreferred`).
public struct AttributionCandidate: Sendable, Hashable, Codable {
    public var incident: EventKey
    public var deployment: EventKey
    public var service: String
    public var deploymentFinishedAt: Date
    public var method: AttributionMethod

    public init(
        incident: EventKey, deployment: EventKey, service: String, deploymentFinishedAt: Date,
        method: AttributionMethod
    ) {
        self.incident = incident
        self.deployment = deployment
        self.service = service
        self.deploymentFinishedAt = deploymentFinishedAt
        self.method = method
    }

    /// Whether `self` wins over `other` for the same incident: the stronger method; among
    /// explicit and sha links the earlier deployment; among heuristic ones the later one.
    public func isPreferred(over other: AttributionCandidate) -> Bool {
        if method != other.method { return method < other.method }
        if deploymentFinishedAt != other.deploymentFinishedAt {
            return method == .heuristic
                ? deploymentFinishedAt > other.deploymentFinishedAt
                : deploymentFinishedAt < other.deploymentFinishedAt
        }
        return deployment < other.deployment
    }
}

/// Everything linking derived for one service.
public struct ServiceLinks: Sendable, Hashable {
    public var service: String
    public var deployments: [DeploymentFact]
    public var attributions: [AttributionCandidate]

    public init(service: String, deployments: [DeploymentFact], attributions: [AttributionCandidate]) {
        self.service = service
        self.deployments = deployments
        self.attributions = attributions
    }
}
