import ValueStreamModel

/// The commits a walk from a deployed sha reaches that no earlier deployment reached.
struct ShippedCommits {
    var commits: [Commit] = []
    var unknownCommits = 0
    var isDeployedShaKnown = false
}

/// A service's commit graph, walked deployment after deployment. Every commit is shipped once,
/// by the first deployment that reaches it; a walk stops at commits already shipped and at
/// commits it does not know (counted as gaps, never guessed).
struct CommitGraph {
    private let commitsBySha: [String: Commit]
    /// Squash and rebase merges: the merge commit brings the pull request's own commits.
    private let pullRequestCommitsByMergeSha: [String: [String]]
    private let pathFilters: [String: [String]]
    private var visited: Set<String> = []
    /// For each commit (or unknown sha) reached, the index of the deployment that shipped it.
    private(set) var deploymentIndexBySha: [String: Int] = [:]

    init(_ history: ServiceHistory) {
        var commits: [String: Commit] = [:]
        commits.reserveCapacity(history.commits.count)
        for commit in history.commits where commits[commit.sha] == nil {
            commits[commit.sha] = commit
        }
        commitsBySha = commits
        var merged: [String: [String]] = [:]
        for pullRequest in history.pullRequests {
            guard let mergeSha = pullRequest.mergeCommitSha, !pullRequest.commits.isEmpty else { continue }
            merged[mergeSha, default: []].append(contentsOf: pullRequest.commits)
        }
        pullRequestCommitsByMergeSha = merged
        var filters: [String: [String]] = [:]
        for (repository, paths) in history.pathFilters where !paths.isEmpty {
            filters[OrganizationMap.normalized(repository)] = paths
        }
        pathFilters = filters
    }

    mutating func shipNewCommits(from sha: String, deploymentIndex: Int) -> ShippedCommits {
        var shipped = ShippedCommits()
        shipped.isDeployedShaKnown = commitsBySha[sha] != nil
        var pending = [sha]
        while let next = pending.popLast() {
            guard visited.insert(next).inserted else { continue }
            deploymentIndexBySha[next] = deploymentIndex
            guard let commit = commitsBySha[next] else {
                shipped.unknownCommits += 1
                continue
            }
            shipped.commits.append(commit)
            for parent in commit.parents where !visited.contains(parent) {
                pending.append(parent)
            }
            if let branchCommits = pullRequestCommitsByMergeSha[next] {
                for branchCommit in branchCommits where !visited.contains(branchCommit) {
                    pending.append(branchCommit)
                }
            }
        }
        return shipped
    }

    /// A commit counts for the service unless its repository is a monorepo mapped by paths and
    /// the commit lists files, none of them under the service's paths.
    func countsForService(_ commit: Commit) -> Bool {
        guard let prefixes = pathFilters[OrganizationMap.normalized(commit.repository)],
              let files = commit.files else { return true }
        return files.contains { file in prefixes.contains { file.hasPrefix($0) } }
    }
}
