import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file from a connection of its own, soon
/// after each write, so that the writer never does it. Done by the writer (SQLite's default,
/// after every commit that leaves 1,000 pages in the log), a checkpoint puts a copy of every
/// page the batch touched and a sync of scattered pages of a large file inside the time a
/// client waits for its acknowledgement: at scale S, half of it.
///
/// Woken when the store opens (for what an earlier process left in the log) and after each
/// committed write, it checkpoints at once, then at most once per
/// `minimumGap` (so a stream of writes is copied in groups), and sleeps while the store is idle. A
/// passive checkpoint never blocks readers or the writer; the writer's own automatic
/// checkpoint stays as a backstop at a much larger log (`backstopPages`).
final class WALCheckpointer: Sendable {
    /// Where the writer checkpoints by itself should this one fall behind (1 GiB of pages; under
    /// the benchmark's ingest at scale M the log's file grows to about that size).
    static let backstopPages = 262_144
    /// At most one checkpoint per gap. A page that several writes touch in the gap (the last
    /// leaf of each service's range in every index, at a thousand services thousands of them
    /// per write) is copied and synced once instead of once per write. At scale M, 2 s instead
    /// of 100 ms wrote 19-26% fewer bytes per event and ingested 4-26% faster, but the writer's
    /// backstop, when the log reaches it, then copies up to 2 s of pages in a client's time:
    /// p99 of a batch 0.7-0.9 s -> 1.1-2.0 s (docs/performance.md, with the next step).
    static let minimumGap = Duration.seconds(2)

    private let connection: DatabaseQueue
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
        // One pending wake-up is enough: a checkpoint copies everything committed before it.
        (wakeups, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    deinit {
        wake.finish()
        task.withLock { $0?.cancel() }
    }

    /// Starts checkpointing in the background (once; later calls do nothing), with a first
    /// checkpoint at once for what an earlier process left in the log.
    func start() {
        task.withLock { running in
            guard running == nil else { return }
            wake.yield()
            running = Task.detached(priority: .utility) { [weak self, wakeups] in
                for await _ in wakeups {
                    guard let self else { return }
                    _ = try? self.checkpoint()
                    try? await Task.sleep(for: Self.minimumGap)
                }
            }
        }
    }

    /// Tells the checkpointer that a write was committed.
    func logGrew() {
        wake.yield()
    }

    /// One passive checkpoint now: the frames in the log and how many of them are in the file.
    @discardableResult
    func checkpoint() throws -> (logFrames: Int, checkpointedFrames: Int) {
        let result = try connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
        return (result.walFrameCount, result.checkpointedFrameCount)
    }
}
