import ArgumentParser
import Hummingbird
import Logging
import Foundation
import StreamgaugeServer
import EventStore

/// `streamgauge serve`: the HTTP server (ingest API, metrics API, pages).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Streamgauge server.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Address to listen on (default from configuration, else 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default from configuration, else 8080).")
    var port: Int?

    @Flag(help: "Accept requests without a token; listens on 127.0.0.1 only. For a laptop, never for a shared server.")
    var localOnly = false

    func run() async throws {
        var configuration = try options.configuration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if localOnly {
            configuration.requiresAuthentication = false
            configuration.host = "127.0.0.1"
        }
        let store = try await options.openStore(configuration)
        try await ServerRunner.run(configuration: configuration, store: store)
    }
}

/// Starts the application and says how to reach it.
enum ServerRunner {
    static func run(configuration: StreamgaugeConfiguration, store: any EventStore) async throws {
        var logger = Logger(label: "streamgauge")
        logger.logLevel = .info
        if !configuration.requiresAuthentication {
            logger.warning("local-only mode: requests are accepted WITHOUT authentication on \(configuration.host)")
        }
        say("Streamgauge listening on http://\(configuration.host):\(configuration.port)/ (database: \(StoreFactory.displayName(configuration.database)))")
        let app = StreamgaugeApplication.build(configuration: configuration, store: store, logger: logger)
        try await app.runService()
    }
}
