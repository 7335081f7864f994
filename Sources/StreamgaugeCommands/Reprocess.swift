import ArgumentParser
import Foundation
import StreamgaugeServer

/// `streamgauge reprocess`: rebuild everything from the raw archive.
struct Reprocess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-derive every event and metric from the raw archive with today's parsers and configuration."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let configuration = try options.configuration()
        let store = try await options.openStore(configuration)
        let progress = ProgressLine("reprocessing requests", total: try await store.statistics().archivedRequests)
        let decoders = try await ConnectionDirectory(configured: configuration.connections, store: store).decoders(organization: configuration.organization)
        let summary = try await Reprocessor(store: store, organization: configuration.organization, decoders: decoders).run { progress.update($0) }
        progress.finish()
        let relinked = try await MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics).refreshLinks()
        print("reprocessed \(summary.requests) requests into \(summary.events) events; relinked \(relinked) services")
        for failure in summary.undecodable {
            printError("archived request \(failure.sequence) no longer decodes (kept in the archive): \(failure.error)")
        }
    }
}
