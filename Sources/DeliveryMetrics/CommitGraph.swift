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
    private let positions: ShaPositions
    /// Squash and rebase merges: the merge commit (by position) brings the pull request's own commits.
    private let pullRequestCommitsByMergePosition: [Int: [String]]
    private let pathFilters: [String: [String]]
    /// For each commit, the index of the deployment that shipped it; -1 while none has. Walks
    /// mark positions, so a commit's sha is hashed once per edge that reaches it, not per check.
    private var shippingDeployment: [Int32]
    /// Shas a walk reached that the history does not hold, with the deployment that reached them first.
    private var unknownShas: [String: Int] = [:]

    init(_ history: ServiceHistory) {
        commits = history.commits
        let positions = ShaPositions(commits)
        self.positions = positions
        var merged: [Int: [String]] = [:]
        for pullRequest in history.pullRequests {
            guard let mergeSha = pullRequest.mergeCommitSha, !pullRequest.commits.isEmpty,
                  let position = positions.position(of: mergeSha) else { continue }
            merged[position, default: []].append(contentsOf: pullRequest.commits)
        }
        pullRequestCommitsByMergePosition = merged
        var filters: [String: [String]] = [:]
        for (repository, paths) in history.pathFilters where !paths.isEmpty {
            filters[OrganizationMap.normalized(repository)] = paths
        }
        pathFilters = filters
        shippingDeployment = Array(repeating: -1, count: commits.count)
    }

    mutating func shipNewCommits(from sha: String, deploymentIndex: Int) -> ShippedCommits {
        var shipped = ShippedCommits()
        var pending: [Int] = []
        func reach(_ sha: String) {
            if let position = positions.position(of: sha) {
                if shippingDeployment[position] < 0 { pending.append(position) }
            } else if unknownShas[sha] == nil {
                unknownShas[sha] = deploymentIndex
                shipped.unknownCommits += 1
            }
        }
        shipped.isDeployedShaKnown = positions.position(of: sha) != nil
        reach(sha)
        while let position = pending.popLast() {
            guard shippingDeployment[position] < 0 else { continue }
            shippingDeployment[position] = Int32(deploymentIndex)
            shipped.commits.append(position)
            for parent in commits[position].parents { reach(parent) }
            if !pullRequestCommitsByMergePosition.isEmpty, let branchCommits = pullRequestCommitsByMergePosition[position] {
                for branchCommit in branchCommits { reach(branchCommit) }
            }
        }
        return shipped
    }

    /// The index of the deployment whose walk first reached `sha`, known commit or not.
    func deploymentIndex(shipping sha: String) -> Int? {
        guard let position = positions.position(of: sha) else { return unknownShas[sha] }
        let index = shippingDeployment[position]
        return index < 0 ? nil : Int(index)
    }

    /// Every sha reached so far with the index of the deployment that reached it first.
    func deploymentIndexBySha() -> [String: Int] {
        var result = unknownShas
        for (position, index) in shippingDeployment.enumerated() where index >= 0 {
            result[commits[position].sha] = Int(index)
        }
        return result
    }

    /// A commit counts for the service unless its repository is a monorepo mapped by paths and
    /// the commit lists files, none of them under the service's paths.
    func countsForService(_ commit: Commit) -> Bool {
        guard !pathFilters.isEmpty, let prefixes = pathFilters[OrganizationMap.normalized(commit.repository)],
              let files = commit.files else { return true }
        return files.contains { file in prefixes.contains { file.hasPrefix($0) } }
    }
}
