import Foundation
import GRDB
import ValueStreamModel

/// Writes commits into the `commits` table: the most numerous rows of any store (an import
/// brings a repository's whole history), so they are bound through the C API, and a run of
/// commits from one repository normalises its name once.
struct CommitRows {
    private let insert: DirectStatement
    private var lastRepository: (raw: String, normalized: String)?

    init(in db: Database) throws {
        insert = try DirectStatement("""
            INSERT OR IGNORE INTO commits (source, id, repository, sha, parents, authored_at, committed_at, files, payload, work_item_keys)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, in: db)
    }

    /// Inserts the commit's row unless one with its key exists; returns whether it did.
    mutating func insert(_ commit: Commit, payload: Data) throws -> Bool {
        insert.bind(1, commit.key.source)
        insert.bind(2, commit.key.id)
        insert.bind(3, normalized(commit.repository))
        insert.bind(4, commit.sha)
        insert.bind(5, commit.parents.count == 1 ? commit.parents[0] : commit.parents.joined(separator: " "))
        insert.bind(6, commit.authoredAt.timeIntervalSince1970)
        insert.bind(7, commit.committedAt.timeIntervalSince1970)
        insert.bind(8, commit.files?.joined(separator: "\n"))
        insert.bind(9, payload)
        insert.bind(10, commit.workItemKeys.isEmpty ? nil : commit.workItemKeys.joined(separator: " "))
        return try insert.run() == 1
    }

    private mutating func normalized(_ repository: String) -> String {
        if let lastRepository, lastRepository.raw == repository { return lastRepository.normalized }
        let normalized = OrganizationMap.normalized(repository)
        lastRepository = (repository, normalized)
        return normalized
    }
}
