import ValueStreamModel

/// The commits a walk from a deployed sha reaches that no earlier deployment reached.
struct ShippedCommits {
    /// Positions in `CommitGraph.commits`.
    var commits: [Int] = []
    var unknownCommits = 0
    var isDeployedShaKnown = false
}

/// A service's commit graph, walked deployment after deployment. Every commit is shipped once,
/// by the first deployment that reaches it; a walk stops at commits already shipped and at
/// commits it does not know (counted as gaps, never guessed).
struct CommitGraph {
    /// The history's commits; walks refer to them by position (no commit is copied).
    let commits: [Commit]
    private let indexBySha: [String: Int]
    /// Squash and rebase merges: the merge commit brings the pull request's own commits.
    private let pullRequestCommitsByMergeSha: [String: [String]]
    private let pathFilters: [String: [String]]
    private var visited: Set<String> = []
    /// For each commit (or unknown sha) reached, the index of the deployment that shipped it.
    private(set) var deploymentIndexBySha: [String: Int] = [:]

    init(_ history: ServiceHistory) {
        commits = history.commits
        var indexBySha: [String: Int] = [:]
        indexBySha.reserveCapacity(commits.count)
        for (index, commit) in commits.enumerated() where indexBySha[commit.sha] == nil {
            indexBySha[commit.sha] = index
        }
        self.indexBySha = indexBySha
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
        shipped.isDeployedShaKnown = indexBySha[sha] != nil
        var pending = [sha]
        while let next = pending.popLast() {
            guard visited.insert(next).inserted else { continue }
            deploymentIndexBySha[next] = deploymentIndex
            guard let index = indexBySha[next] else {
                shipped.unknownCommits += 1
                continue
            }
            shipped.commits.append(index)
            for parent in commits[index].parents where !visited.contains(parent) {
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
        guard !pathFilters.isEmpty, let prefixes = pathFilters[OrganizationMap.normalized(commit.repository)],
              let files = commit.files else { return true }
        return files.contains { file in prefixes.contains { file.hasPrefix($0) } }
    }
}
