import Testing
import EventStore
import EventStorePostgres
import EventStoreSQLite
import Foundation

/// Every store implementation the contract suite runs against; each test gets a fresh one.
/// PostgreSQL joins when `STREAMGAUGE_TEST_POSTGRES_URL` names a server (`.ci/run` starts one
/// with scripts/postgres-test-server.sh); each test then gets a database of its own.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case sqlite
    case postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["STREAMGAUGE_TEST_POSTGRES_URL"] }

    static var allCases: [StoreKind] { [.inMemory, .sqlite] + (postgresURL == nil ? [] : [.postgres]) }

    var testDescription: String { rawValue }

    func makeStore() async throws -> any EventStore {
        let store: any EventStore
        switch self {
        case .inMemory:
            store = InMemoryEventStore()
        case .sqlite:
            store = try SQLiteEventStore(path: TemporarySQLiteFile("contract").path)
        case .postgres:
            let url = try await PostgresEventStore.createDatabase("contract_" + UUID().uuidString.replacingOccurrences(of: "-", with: "_").lowercased(), at: Self.postgresURL!)
            store = try PostgresEventStore(url: url)
        }
        try await store.prepare()
        return store
    }
}

@Suite("Store contract: PostgreSQL is part of it")
struct PostgresAvailabilityTests {
    @Test(.enabled(if: StoreKind.postgresURL != nil, "set STREAMGAUGE_TEST_POSTGRES_URL (scripts/postgres-test-server.sh; .ci/run does) to run the contract suite against PostgreSQL"))
    func theSuiteRunsAgainstARealServer() async throws {
        #expect(StoreKind.allCases.contains(.postgres))
        let store = try await StoreKind.postgres.makeStore()
        #expect(try await store.statistics().archivedRequests == 0)
    }
}
