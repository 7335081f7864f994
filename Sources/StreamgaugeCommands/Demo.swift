import ArgumentParser
import Connectors
import EventStore
import Foundation
import OrganizationGenerator
import StreamgaugeServer

/// `streamgauge demo`: a generated organisation in a fresh database, served locally.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a demo organisation (about 20 services, six months) into a fresh database and serve it."
    )

    @Option(help: "Demo database file; replaced on every run.")
    var database = "./streamgauge-demo.sqlite"

    @Option(help: "Port to serve on.")
    var port = 8080

    @Option(help: "Seed of the generated organisation.")
    var seed: UInt64 = 1

    @Flag(help: "Build the demo database and exit without serving.")
    var noServe = false

    func run() async throws {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: database + suffix)
        }
        let today = Calendar(identifier: .gregorian).startOfDay(for: Date())
        let generator = OrganizationGenerator(scale: .demo, seed: seed, end: today.addingTimeInterval(86_400))
        var configuration = StreamgaugeConfiguration(
            database: database, port: port, requiresAuthentication: false, organization: generator.organization
        )
        configuration.host = "127.0.0.1"
        let store = try StoreFactory.open(database)
        try await store.prepare()

        let started = Date()
        let loader = BatchLoader(ingest: IngestService(store: store, organization: configuration.organization))
        let progress = ProgressLine("loading demo services", total: generator.serviceCount)
        let accepted = try await loader.load(generator) { progress.update($0) }
        progress.finish()
        let engine = MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics)
        try await engine.refreshLinks()
        say(String(format: "Demo organisation: %d events, %d services, loaded and linked in %.1f s into %@",
                     accepted, generator.scale.services, Date().timeIntervalSince(started), database))
        guard !noServe else { return }
        try await ServerRunner.run(configuration: configuration, store: store)
    }
}
