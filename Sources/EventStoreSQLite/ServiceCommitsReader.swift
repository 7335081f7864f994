import Dispatch
import Foundation
import GRDB
import ValueStreamModel

/// Reads the commits of a service's repositories for relinking: a history may hold hundreds of
/// thousands. Stepping SQLite and making each commit's strings and arrays cost about the same,
/// and only the first needs the connection. So rows are copied as bytes, in order, a chunk at a
/// time, and each full chunk is made into commits on another core while the next is read,
/// straight into its place in the result (counted first, in the same read transaction).
enum ServiceCommitsReader {
    /// The commits of the service's repositories, joined from the service (see the history queries).
    private static let ofService = "FROM service_repositories r CROSS JOIN commits c ON c.repository = r.repository WHERE r.service = ?"
    /// The linking columns, in the order `RowBytes` records them.
    static let sql = "SELECT c.source, c.id, c.repository, c.sha, c.parents, c.files, c.work_item_keys, c.authored_at, c.committed_at " + ofService
    private static let countSQL = "SELECT count(*) " + ofService
    private static let textColumns: Int32 = 7
    private static let rowsPerChunk = 16_384

    static func commits(ofService service: String, in db: Database) throws -> [Commit] {
        let count = try Int.fetchOne(db, sql: countSQL, arguments: [service]) ?? 0
        let select = try DirectStatement(sql, in: db)
        select.bind(1, service)
        let building = DispatchGroup()
        return try Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = SharedBuffer(base: buffer.baseAddress)
            var chunk = RowBytes(first: 0, capacity: min(count, rowsPerChunk))
            // Commits made (or being made) from position 0: every chunk handed on, then the last.
            var built = 0
            defer {
                // Even when reading fails, every chunk handed on is made before the buffer goes.
                building.wait()
                initialized = built
            }
            try select.forEachRow { row in
                // The count was read in this transaction: more rows cannot appear.
                guard chunk.end < count else { return }
                chunk.append(row)
                if chunk.count == rowsPerChunk {
                    DispatchQueue.global().async(group: building) { [chunk] in chunk.build(into: target) }
                    built = chunk.end
                    chunk = RowBytes(first: chunk.end, capacity: min(count - chunk.end, rowsPerChunk))
                }
            }
            chunk.build(into: target)
            built = chunk.end
        }
    }

    /// Where each share writes its commits (disjoint ranges of one buffer).
    private struct SharedBuffer: @unchecked Sendable {
        let base: UnsafeMutablePointer<Commit>?
    }

    /// A chunk of rows (from position `first` of the result): their text columns as one byte
    /// array with (start, length) per column (length -1 for NULL), and their two dates.
    private struct RowBytes: Sendable {
        let first: Int
        private var bytes: [UInt8] = []
        private var spans: [Int32] = []
        private var dates: [Double] = []
        private(set) var count = 0
        var end: Int { first + count }
        private static let spansPerRow = Int(ServiceCommitsReader.textColumns) * 2

        init(first: Int, capacity: Int) {
            self.first = first
            bytes.reserveCapacity(capacity * 160)
            spans.reserveCapacity(capacity * Self.spansPerRow)
            dates.reserveCapacity(capacity * 2)
        }

        /// Makes the chunk's commits in their places of `target`.
        func build(into target: SharedBuffer) {
            guard let base = target.base else { return }
            var previous: Commit?
            for index in 0..<count {
                let commit = commit(at: index, sharing: previous)
                (base + first + index).initialize(to: commit)
                previous = commit
            }
        }

        mutating func append(_ row: DirectRow) {
            for column in 0..<ServiceCommitsReader.textColumns {
                if row.isNull(column) {
                    spans.append(Int32(bytes.count))
                    spans.append(-1)
                } else {
                    row.withText(column) { text in
                        spans.append(Int32(bytes.count))
                        spans.append(Int32(text.count))
                        bytes.append(contentsOf: text)
                    }
                }
            }
            dates.append(row.double(7))
            dates.append(row.double(8))
            count += 1
        }

        /// The row's commit; strings equal to the previous commit's are shared, not made again
        /// (rows come repository by repository, and a git commit's id is its sha).
        func commit(at index: Int, sharing previous: Commit?) -> Commit {
            bytes.withUnsafeBufferPointer { all in
                func text(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
                    let start = Int(spans[index * Self.spansPerRow + column * 2]), length = Int(spans[index * Self.spansPerRow + column * 2 + 1])
                    return length < 0 ? nil : UnsafeBufferPointer(rebasing: all[start..<start + length])
                }
                func string(_ bytes: UnsafeBufferPointer<UInt8>?) -> String {
                    bytes.map { String(decoding: $0, as: UTF8.self) } ?? ""
                }
                func same(_ bytes: UnsafeBufferPointer<UInt8>?, _ string: String?) -> Bool {
                    guard let bytes, var string else { return false }
                    return string.withUTF8 { $0.count == bytes.count && (bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0) }
                }
                let sha = string(text(3))
                let id = same(text(1), sha) ? sha : string(text(1))
                let source = same(text(0), previous?.key.source) ? previous!.key.source : string(text(0))
                let repository = same(text(2), previous?.repository) ? previous!.repository : string(text(2))
                return Commit(
                    key: EventKey(source: source, kind: .commit, id: id),
                    repository: repository, sha: sha, parents: text(4).map { CommitRows.list($0, separator: CommitRows.space) } ?? [],
                    authoredAt: Date(timeIntervalSince1970: dates[index * 2]),
                    committedAt: Date(timeIntervalSince1970: dates[index * 2 + 1]),
                    workItemKeys: text(6).map { CommitRows.list($0, separator: CommitRows.space) } ?? [],
                    files: text(5).map { CommitRows.list($0, separator: CommitRows.newline) }
                )
            }
        }
    }
}
