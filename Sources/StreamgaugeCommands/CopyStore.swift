import ArgumentParser
import Foundation
import StreamgaugeServer

/// `streamgauge copy-store --from sqlite:PATH --to postgres://...`: grow from the embedded store
/// to PostgreSQL without losing history.
struct CopyStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-store",
        abstract: "Copy the raw archive (and tokens, connections, experiments) into another, empty store, and re-derive everything there."
    )
    @OptionGroup var options: GlobalOptions
    @Option(help: "The store to copy from: sqlite:PATH, a path, or postgres://...") var from: String
    @Option(help: "The empty store to copy into: postgres://user:password@host:port/database or sqlite:PATH.") var to: String

    func run() async throws {
        let configuration = try options.configuration()
        let source = try StoreFactory.open(from)
        try await source.prepare()
        let target = try StoreFactory.open(to)
        try await target.prepare()
        let started = Date()
        let decoders = try await ConnectionDirectory(configured: configuration.connections, store: source).decoders(organization: configuration.organization)
        let progress = ProgressLine("copying requests", total: try await source.statistics().archivedRequests)
        let summary: StoreCopier.Summary
        do {
            summary = try await StoreCopier(source: source, target: target, organization: configuration.organization, decoders: decoders).run { progress.update($0) }
        } catch let error as ConfigurationError {
            progress.finish()
            printError(error.description)
            throw ExitCode(65)
        }
        progress.finish()
        let relinked = try await MetricsEngine(store: target, organization: configuration.organization, settings: configuration.metrics).refreshLinks()
        print(String(format: "copied %d requests (%d events, %d no longer decode and were kept raw), %d tokens, %d connections, %d experiments, %d notifications; relinked %d services in %.1f s",
                     summary.requests, summary.events, summary.undecodable, summary.tokens, summary.connections, summary.experiments, summary.notifications, relinked, Date().timeIntervalSince(started)))
    }
}
