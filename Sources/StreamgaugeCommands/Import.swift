import ArgumentParser
import Foundation
import StreamgaugeServer

/// `streamgauge import ...`: history a team already has.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import delivery history that already exists.",
        subcommands: [ImportGit.self]
    )
}

/// `streamgauge import git PATH --deployments RULE`.
struct ImportGit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract: "Import a local repository's commit graph and derive its deployments.",
        discussion: """
        Deployments: tags:'v*' (each matching tag; the annotated tag's date, else the commit's), \
        branch:NAME (each commit on the branch's first-parent history), or first-parent-merges:NAME \
        (each merge on it). Running it again reads only what is new.
        """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The repository: a work tree, a bare repository or a worktree.") var path: String
    @Option(help: "How deployments are found: tags:PATTERN, branch:NAME or first-parent-merges:NAME.") var deployments: String
    @Option(help: "The service the repository deploys (default: from the configuration, else the repository's name).") var service: String?
    @Option(help: "The repository's name in events (default: the origin remote, else local/<directory>).") var repository: String?
    @Flag(help: "Print only the summary.") var quiet = false

    func validate() throws {
        do {
            _ = try DeploymentRule(parsing: deployments)
        } catch let error as GitImportError {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let configuration = try options.configuration()
        let store = try await options.openStore(configuration)
        let importer = GitImporter(ingest: IngestService(store: store, organization: configuration.organization))
        let progress = quiet ? nil : ProgressLine("commits")
        let importOptions = GitImporter.Options(
            path: path, service: service, repository: repository, deployments: try DeploymentRule(parsing: deployments)
        )
        var report: (@Sendable (Int) -> Void)?
        if let progress { report = { progress.update($0) } }
        let summary: GitImporter.Summary
        do {
            summary = try await importer.run(importOptions, progress: report)
        } catch let error as GitImportError {
            progress?.finish()
            printError(error.description)
            throw ExitCode(65)
        }
        progress?.finish()
        if let warning = summary.shallowWarning { printError("warning: \(warning)") }
        let relinked = try await MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics).refreshLinks()
        print(String(
            format: "%@ (service %@): %d commits read%@, %d deployments, %d events stored, %d unchanged, in %.1f s (%.0f commits/s); relinked %d service(s)",
            summary.repository, summary.service, summary.commitsRead, summary.isIncremental ? " (new since the last import)" : "",
            summary.deployments, summary.eventsAccepted, summary.duplicates, summary.seconds,
            summary.seconds > 0 ? Double(summary.commitsRead) / summary.seconds : 0, relinked
        ))
    }
}
