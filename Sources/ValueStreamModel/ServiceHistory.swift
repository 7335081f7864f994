/// Everything linking needs to know about one service: its deployments (every environment is
/// filtered by the linker), the commits and pull requests of its repositories, and the incidents
/// that name it.
public struct ServiceHistory: Sendable {
    public var service: String
    public var deployments: [Deployment]
    public var commits: [Commit]
    public var pullRequests: [PullRequest]
    public var incidents: [Incident]
    /// Monorepo path prefixes per repository: a commit that lists its files counts for the
    /// service only if one of them lies under a prefix. No entry means every commit counts.
    public var pathFilters: [String: [String]]

    public init(
        service: String, deployments: [Deployment] = [], commits: [Commit] = [],
        pullRequests: [PullRequest] = [], incidents: [Incident] = [], pathFilters: [String: [String]] = [:]
    ) {
        self.service = service
        self.deployments = deployments
        self.commits = commits
        self.pullRequests = pullRequests
        self.incidents = incidents
        self.pathFilters = pathFilters
    }
}
