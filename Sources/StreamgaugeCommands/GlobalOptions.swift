import ArgumentParser
import EventStore
import Foundation
import StreamgaugeServer

/// Options every command takes: the configuration file and the database.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML). Default: ./streamgauge.yaml when it exists.")
    var config: String?

    @Option(name: .long, help: "Database: a SQLite file path (default ./streamgauge.sqlite), postgres://user:password@host:port/database, or :memory:.")
    var database: String?

    /// The configuration: defaults, then the file, then flags.
    func configuration() throws -> StreamgaugeConfiguration {
        var configuration = StreamgaugeConfiguration(environment: ProcessInfo.processInfo.environment)
        let path = config ?? (FileManager.default.fileExists(atPath: "streamgauge.yaml") ? "streamgauge.yaml" : nil)
        if let path {
            configuration = try ConfigurationFile.load(path: path).applied(to: configuration)
        }
        if let database { configuration.database = database }
        return configuration
    }

    /// The configuration, its store and a metrics engine over them: what report-like commands need.
    func openEngine() async throws -> (configuration: StreamgaugeConfiguration, store: any EventStore, engine: MetricsEngine) {
        let configuration = try configuration()
        let store = try await openStore(configuration)
        return (configuration, store, MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics))
    }

    /// The configured store, migrated and ready.
    func openStore(_ configuration: StreamgaugeConfiguration) async throws -> any EventStore {
        let store = try StoreFactory.open(configuration.database)
        try await store.prepare()
        return store
    }
}

/// Prints one clear line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("streamgauge: \(message)\n".utf8))
}

/// Prints a line to standard output at once, unbuffered: for lines a long-running command shows
/// before it settles into serving.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
