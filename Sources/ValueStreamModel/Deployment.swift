import Foundation

/// The outcome of a deployment.
public enum DeploymentResult: String, Sendable, Codable, CaseIterable {
    case success, failure
}

/// A deployment of a service's commit to an environment.
public struct Deployment: Sendable, Hashable, Codable {
    public var key: EventKey
    public var service: String
    public var environment: String
    public var sha: String
    public var repository: String?
    public var startedAt: Date?
    public var finishedAt: Date
    public var result: DeploymentResult
    /// The `id` of the deployment this one rolls back.
    public var rollbackOf: String?
    /// A rollback whose target is not named (a CDEvents `service.rolledback`): it rolls back the
    /// service's previous successful production deployment.
    public var rollsBackPrevious: Bool
    /// Incident ids this deployment fixes (a hotfix).
    public var remediates: [String]

    public init(
        key: EventKey, service: String, environment: String, sha: String, repository: String? = nil,
        startedAt: Date? = nil, finishedAt: Date, result: DeploymentResult, rollbackOf: String? = nil,
        rollsBackPrevious: Bool = false, remediates: [String] = []
    ) {
        self.key = key
        self.service = service
        self.environment = environment
        self.sha = sha
        self.repository = repository
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.result = result
        self.rollbackOf = rollbackOf
        self.rollsBackPrevious = rollsBackPrevious
        self.remediates = remediates
    }

    /// Whether this deployment rolls back or remediates: it counts in the rework rate.
    public var isRework: Bool { rollbackOf != nil || rollsBackPrevious || !remediates.isEmpty }
}
