import Foundation

/// A commit of a repository: a node of the commit graph that lead times are measured from.
public struct Commit: Sendable, Hashable, Codable {
    public var key: EventKey
    public var repository: String
    public var sha: String
    /// Parent shas; empty for a root commit.
    public var parents: [String]
    public var authoredAt: Date
    public var committedAt: Date
    /// The author, pseudonymised at ingest; never reported.
    public var authorPseudonym: String?
    public var message: String?
    /// Work item keys (such as `PAY-123`) found in the message.
    public var workItemKeys: [String]
    /// Paths the commit changed, when the sender knows them (monorepo path mapping).
    public var files: [String]?

    public init(
        key: EventKey, repository: String, sha: String, parents: [String], authoredAt: Date,
        committedAt: Date, authorPseudonym: String? = nil, message: String? = nil,
        workItemKeys: [String] = [], files: [String]? = nil
    ) {
        self.key = key
        self.repository = repository
        self.sha = sha
        self.parents = parents
        self.authoredAt = authoredAt
        self.committedAt = committedAt
        self.authorPseudonym = authorPseudonym
        self.message = message
        self.workItemKeys = workItemKeys
        self.files = files
    }
}
