import Foundation

/// A pull (or merge) request; its own `commits` carry squash and rebase merges into a deployment.
public struct PullRequest: Sendable, Hashable, Codable {
    public var key: EventKey
    public var repository: String
    public var number: Int
    public var openedAt: Date
    public var title: String?
    public var firstCommitAt: Date?
    public var firstReviewAt: Date?
    public var mergedAt: Date?
    public var closedAt: Date?
    public var mergeCommitSha: String?
    public var headSha: String?
    public var baseBranch: String?
    public var commits: [String]
    public var workItems: [String]
    public var additions: Int?
    public var deletions: Int?

    public init(
        key: EventKey, repository: String, number: Int, openedAt: Date, title: String? = nil,
        firstCommitAt: Date? = nil, firstReviewAt: Date? = nil, mergedAt: Date? = nil,
        closedAt: Date? = nil, mergeCommitSha: String? = nil, headSha: String? = nil,
        baseBranch: String? = nil, commits: [String] = [], workItems: [String] = [],
        additions: Int? = nil, deletions: Int? = nil
    ) {
        self.key = key
        self.repository = repository
        self.number = number
        self.openedAt = openedAt
        self.title = title
        self.firstCommitAt = firstCommitAt
        self.firstReviewAt = firstReviewAt
        self.mergedAt = mergedAt
        self.closedAt = closedAt
        self.mergeCommitSha = mergeCommitSha
        self.headSha = headSha
        self.baseBranch = baseBranch
        self.commits = commits
        self.workItems = workItems
        self.additions = additions
        self.deletions = deletions
    }
}
