import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes committed transactions durable after the writer has let go of the database.
///
/// With `synchronous = FULL` SQLite syncs the write-ahead log inside every commit, while it
/// holds the only write lock: the next request waited for this one's sync (half of a batch's
/// time at scale M). The store commits with `synchronous = NORMAL` instead (the log written,
/// not yet synced) and calls `sync()` before it answers: one `fdatasync` of the log file flushes
/// every frame written before it, this transaction's included, while the next transaction is
/// already being applied. Syncs of requests in flight together overlap, and the disk coalesces
/// them. Checkpoints are unchanged: with `NORMAL` SQLite still syncs the log before copying it
/// and the database file after, so a log restarted over copied frames loses nothing.
struct WriteAheadLogSync: Sendable {
    /// The log file of the database (`<database>-wal`).
    let path: String

    init(databasePath: String) {
        path = databasePath + "-wal"
    }

    /// Returns once everything written to the log so far is on disk; the blocking call runs on a
    /// dispatch thread, never on one of Swift concurrency's few.
    func sync() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try syncNow() })
            }
        }
    }

    func syncNow() throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SyncFailure(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        guard fdatasync(descriptor) == 0 else { throw SyncFailure(path: path, operation: "fdatasync", code: errno) }
    }

    /// The log could not be made durable: the request is refused, to be sent again.
    struct SyncFailure: Error, CustomStringConvertible {
        let path: String
        let operation: String
        let code: Int32
        var description: String { "\(operation) of \(path) failed: \(String(cString: strerror(code)))" }
    }
}
