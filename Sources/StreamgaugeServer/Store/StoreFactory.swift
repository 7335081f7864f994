import EventStore
import EventStorePostgres
import EventStoreSQLite
import Foundation

/// Opens the store a configuration names: `:memory:` for a throwaway in-memory store,
/// `postgres://user:password@host:port/database[?sslmode=require]` for PostgreSQL, anything else
/// a SQLite file path (the embedded default; `sqlite:PATH` too).
public enum StoreFactory {
    public static func open(_ database: String) throws -> any EventStore {
        if database == ":memory:" { return InMemoryEventStore() }
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            do {
                return try PostgresEventStore(url: database)
            } catch let error as PostgresLocationError {
                throw ConfigurationError("database: \(error.description)")
            }
        }
        let path = database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : database
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw ConfigurationError("the database directory \(directory) does not exist")
        }
        return try SQLiteEventStore(path: path)
    }

    /// The database as messages may show it: a PostgreSQL URL without its password.
    public static func displayName(_ database: String) -> String {
        guard database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") else { return database }
        return (try? PostgresLocation(url: database).description) ?? "a PostgreSQL database"
    }
}
