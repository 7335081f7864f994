import EventStore
import EventStoreSQLite
import Foundation

/// Opens the store a configuration names: `:memory:` for a throwaway in-memory store, anything
/// else is a SQLite file path (the embedded default).
public enum StoreFactory {
    public static func open(_ database: String) throws -> any EventStore {
        if database == ":memory:" { return InMemoryEventStore() }
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            throw ConfigurationError("PostgreSQL stores are not available in this build yet; use a SQLite path")
        }
        let path = database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : database
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw ConfigurationError("the database directory \(directory) does not exist")
        }
        return try SQLiteEventStore(path: path)
    }
}
