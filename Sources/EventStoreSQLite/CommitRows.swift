import EventStore
import Foundation
import GRDB
import ValueStreamModel

/// Writes and reads back rows of the `commits` table: the most numerous rows of any store (an
/// import brings a repository's whole history), so they are bound through the C API, a run of
/// commits from one repository normalises its name once, and a row keeps in `payload` only
/// what its columns do not hold (`CommitRemainder`). A row is found by its key's hash
/// (`CommitKeyHash`) and then its key.
struct CommitRows {
    private let insert: DirectStatement
    private let exists: DirectStatement
    private let select: DirectStatement
    private let delete: DirectStatement
    private var lastRepository: (raw: String, normalized: String)?
    private var arguments = RowArguments()

    init(in db: Database) throws {
        insert = try DirectStatement("""
            INSERT INTO commits (source, id, repository, sha, parents, authored_at, committed_at, files, payload, work_item_keys, key_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, in: db)
        exists = try DirectStatement("SELECT 1 FROM commits WHERE key_hash = ? AND source = ? AND id = ?", in: db)
        select = try DirectStatement("""
            SELECT repository, sha, parents, files, work_item_keys, payload FROM commits WHERE key_hash = ? AND source = ? AND id = ?
            """, in: db)
        delete = try DirectStatement("DELETE FROM commits WHERE key_hash = ? AND source = ? AND id = ?", in: db)
    }

    /// Inserts the commit's row unless one with its key exists; returns whether it did.
    mutating func insert(_ commit: Commit) throws -> Bool {
        let hash = Self.bindKey(commit.key.source, commit.key.id, to: exists)
        guard try !exists.hasRow() else { return false }
        let repository = normalized(commit.repository)
        arguments.removeAll()
        arguments.text(1, commit.key.source)
        arguments.text(2, commit.key.id)
        arguments.text(3, repository)
        arguments.text(4, commit.sha)
        arguments.text(5, commit.parents.count == 1 ? commit.parents[0] : commit.parents.joined(separator: " "))
        arguments.double(6, commit.authoredAt.timeIntervalSince1970)
        arguments.double(7, commit.committedAt.timeIntervalSince1970)
        arguments.text(8, commit.files?.joined(separator: "\n"))
        arguments.blob(9, CommitRemainder.encode(commit, storedRepository: repository))
        arguments.text(10, commit.workItemKeys.isEmpty ? nil : commit.workItemKeys.joined(separator: " "))
        arguments.integer(11, hash)
        try insert.run(arguments)
        return true
    }

    /// Removes the row with this key, if any.
    func remove(source: String, id: String) throws {
        Self.bindKey(source, id, to: delete)
        try delete.run()
    }

    /// The stored commit with this key, if any.
    func stored(source: String, id: String) throws -> Commit? {
        Self.bindKey(source, id, to: select)
        var found: Commit?
        try select.forEachRow { row in
            func list(_ column: Int32, _ separator: UInt8) -> [String]? {
                row.isNull(column) ? nil : row.withText(column) { Self.list($0, separator: separator) }
            }
            let columns = CommitRemainder.Columns(
                source: source, id: id, repository: row.text(0), sha: row.text(1),
                parents: list(2, Self.space) ?? [], workItemKeys: list(4, Self.space) ?? [], files: list(3, Self.newline)
            )
            found = try CommitRemainder.commit(from: row.blob(5), columns: columns)
        }
        return found
    }

    /// Binds a key to a statement's first three parameters (its hash, source and id, as every
    /// lookup of a row takes them); returns the hash.
    @discardableResult
    private static func bindKey(_ source: String, _ id: String, to statement: DirectStatement) -> Int64 {
        let hash = CommitKeyHash.of(source: source, id: id)
        statement.bind(1, hash)
        statement.bind(2, source)
        statement.bind(3, id)
        return hash
    }

    /// What joins a list in its column: parents and work item keys a space, files a newline.
    static let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")

    /// A column that joins a list (NULL for no list) split back. Most commits have one parent:
    /// made without a split.
    static func list(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) -> [String] {
        if bytes.isEmpty { return [] }
        guard bytes.contains(separator) else { return [String(decoding: bytes, as: UTF8.self)] }
        return bytes.split(separator: separator).map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
    }

    private mutating func normalized(_ repository: String) -> String {
        if let lastRepository, lastRepository.raw == repository { return lastRepository.normalized }
        let normalized = OrganizationMap.normalized(repository)
        lastRepository = (repository, normalized)
        return normalized
    }
}
