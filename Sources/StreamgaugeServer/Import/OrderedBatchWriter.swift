import EventStore
import Foundation
import Synchronization
import ValueStreamModel

/// Stores an import's batches in the order they were read, while the next ones are read. Each
/// batch is decoded on a task of its own, never on the task reading git's pipe (git would wait
/// on a full pipe meanwhile), then waits for the batch before it to be stored, then is stored.
/// At most `limit` batches are in flight; `send` waits for the oldest beyond that. A batch that
/// fails stops every batch after it, and the failure is thrown by `send` or `finish`.
struct OrderedBatchWriter {
    let ingest: IngestService
    var limit = 2
    private(set) var accepted = 0
    private(set) var duplicates = 0
    private var inFlight: [(task: Task<IngestReceipt, any Error>, stored: StoredFlag)] = []

    init(ingest: IngestService) {
        self.ingest = ingest
    }

    /// Whether a batch sent now would have to wait for an earlier one to be stored.
    var isFull: Bool {
        inFlight.count >= limit && !(inFlight.first?.stored.isSet ?? true)
    }

    mutating func send(_ request: RawRequest) async throws {
        while inFlight.count >= limit { try await collectOldest() }
        let previous = inFlight.last?.task
        let stored = StoredFlag()
        let task = Task { [ingest] in
            defer { stored.set() }
            let decoded = try ingest.decode(request)
            _ = try await previous?.value
            return try await ingest.store(decoded)
        }
        inFlight.append((task, stored))
    }

    /// Waits until every batch sent is stored.
    mutating func finish() async throws {
        while !inFlight.isEmpty { try await collectOldest() }
    }

    private mutating func collectOldest() async throws {
        let receipt = try await inFlight.removeFirst().task.value
        accepted += receipt.accepted
        duplicates += receipt.duplicates
    }
}

/// Set once a batch's task has ended; readable without waiting for it.
private final class StoredFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() {
        value.withLock { $0 = true }
    }
}
