import Foundation
import ValueStreamModel

/// What a stored commit's row keeps beside its columns: the fields no column holds (author
/// pseudonym, message), the exact dates (the columns hold seconds since 1970 as doubles, which
/// can round a fractional instant) and the repository as sent when the column holds it
/// normalised. Commits are the most numerous rows of any store; repeating their columns in a
/// whole payload doubled what an import writes.
///
/// Its first byte is 2, so that a whole `EventPayload` (version 1, in rows written before
/// this form existed) is told apart and still read.
public enum CommitRemainder {
    static let version: UInt8 = 2

    /// The columns of a commit's row, as `CommitRemainder.commit(from:)` needs them.
    public struct Columns {
        public var source: String
        public var id: String
        public var repository: String
        public var sha: String
        public var parents: [String]
        public var workItemKeys: [String]
        public var files: [String]?

        public init(source: String, id: String, repository: String, sha: String, parents: [String], workItemKeys: [String], files: [String]?) {
            self.source = source
            self.id = id
            self.repository = repository
            self.sha = sha
            self.parents = parents
            self.workItemKeys = workItemKeys
            self.files = files
        }
    }

    /// The remainder of `commit`, whose row stores its repository as `storedRepository`.
    public static func encode(_ commit: Commit, storedRepository: String) -> [UInt8] {
        var writer = PayloadWriter()
        writer.byte(version)
        writer.date(commit.authoredAt)
        writer.date(commit.committedAt)
        writer.optionalString(commit.authorPseudonym)
        writer.optionalString(commit.message)
        writer.optionalString(commit.repository == storedRepository ? nil : commit.repository)
        return writer.bytes
    }

    /// The commit a row holds: from its columns and remainder, or from a whole payload.
    public static func commit(from stored: Data, columns: Columns) throws -> Commit {
        guard stored.first == version else {
            guard case .commit(let commit) = try EventPayload.decode(stored) else { throw PayloadError.unknownVersion }
            return commit
        }
        var reader = PayloadReader(stored)
        _ = try reader.byte()
        let authoredAt = try reader.date()
        let committedAt = try reader.date()
        let author = try reader.optionalString()
        let message = try reader.optionalString()
        let repository = try reader.optionalString() ?? columns.repository
        return Commit(
            key: EventKey(source: columns.source, kind: .commit, id: columns.id), repository: repository,
            sha: columns.sha, parents: columns.parents, authoredAt: authoredAt, committedAt: committedAt,
            authorPseudonym: author, message: message, workItemKeys: columns.workItemKeys, files: columns.files
        )
    }
}
