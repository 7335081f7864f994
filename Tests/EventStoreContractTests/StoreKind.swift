import Testing
import EventStore
import EventStoreSQLite
import Foundation

/// Every store implementation the contract suite runs against; each test gets a fresh one.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case sqlite

    var testDescription: String { rawValue }

    func makeStore() async throws -> any EventStore {
        let store: any EventStore
        switch self {
        case .inMemory:
            store = InMemoryEventStore()
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("streamgauge-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try SQLiteEventStore(path: directory.appendingPathComponent("store.sqlite").path)
        }
        try await store.prepare()
        return store
    }
}
