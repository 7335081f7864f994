import ArgumentParser
import Foundation
import StreamgaugeServer

/// `streamgauge import ...`: history a team already has.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import delivery history that already exists.",
        subcommands: [ImportGit.self, ImportGitHub.self, ImportGitLab.self]
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
        var report: (@Sendable (Int, Int) -> Void)?
        if let progress { report = { progress.update($0, of: $1) } }
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
        let linking = Date()
        let relinked = try await MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics).refreshLinks()
        let linkSeconds = Date().timeIntervalSince(linking)
        print(String(
            format: "%@ (service %@): %d commits read%@, %d deployments, %d events stored, %d unchanged, in %.1f s (%.0f commits/s); relinked %d service(s) in %.1f s",
            summary.repository, summary.service, summary.commitsRead, summary.isIncremental ? " (new since the last import)" : "",
            summary.deployments, summary.eventsAccepted, summary.duplicates, summary.seconds,
            summary.seconds > 0 ? Double(summary.commitsRead) / summary.seconds : 0, relinked, linkSeconds
        ))
    }
}

/// `streamgauge import github --repo OWNER/NAME`.
struct ImportGitHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "github",
        abstract: "Backfill a GitHub repository through the REST API (pull requests, deployments, workflow runs, incident issues, commits).",
        discussion: "The token is read from the environment variable named by --token-env (GITHUB_TOKEN). An interrupted backfill resumes where it stopped."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "The repository, OWNER/NAME.") var repo: String
    @Option(help: "API base URL, for GitHub Enterprise Server (https://HOST/api/v3).") var apiURL = "https://api.github.com"
    @Option(help: "Environment variable holding the token.") var tokenEnv = "GITHUB_TOKEN"
    @OptionGroup var backfill: BackfillOptions

    func run() async throws {
        let backfillOptions = try GitHubBackfill.Options(
            repository: repo, service: backfill.service, apiURL: try backfill.url(apiURL), incidentLabel: backfill.incidentLabel
        )
        try await runBackfill(
            options: options, label: repo, quiet: backfill.quiet, token: (tokenEnv, "Authorization", "Bearer "),
            headers: ["Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "streamgauge"]
        ) { ingest, client, progress in
            try await GitHubBackfill(ingest: ingest, client: client).run(backfillOptions, progress: progress)
        }
    }
}

/// `streamgauge import gitlab --project ID`.
struct ImportGitLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gitlab",
        abstract: "Backfill a GitLab project through the REST API (merge requests, deployments, pipelines, incident issues, commits).",
        discussion: "The token is read from the environment variable named by --token-env (GITLAB_TOKEN). An interrupted backfill resumes where it stopped."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "The project: its numeric id or group/project path.") var project: String
    @Option(help: "API base URL, for self-managed GitLab (https://HOST/api/v4).") var apiURL = "https://gitlab.com/api/v4"
    @Option(help: "Environment variable holding the token.") var tokenEnv = "GITLAB_TOKEN"
    @OptionGroup var backfill: BackfillOptions

    func run() async throws {
        let backfillOptions = GitLabBackfill.Options(
            project: project, service: backfill.service, apiURL: try backfill.url(apiURL), incidentLabel: backfill.incidentLabel
        )
        try await runBackfill(
            options: options, label: project, quiet: backfill.quiet, token: (tokenEnv, "PRIVATE-TOKEN", ""),
            headers: ["Accept": "application/json", "User-Agent": "streamgauge"]
        ) { ingest, client, progress in
            try await GitLabBackfill(ingest: ingest, client: client).run(backfillOptions, progress: progress)
        }
    }
}

/// The options every API backfill command takes.
struct BackfillOptions: ParsableArguments {
    @Option(help: "The service it deploys (default: from the configuration, else the repository's name).") var service: String?
    @Option(help: "Issues with this label are incidents.") var incidentLabel = "incident"
    @Flag(help: "Print only the summary.") var quiet = false

    /// The API base URL, checked.
    func url(_ text: String) throws -> URL {
        guard let url = URL(string: text), url.scheme != nil else { throw ValidationError("--api-url is not a URL: \(text)") }
        return url
    }
}

/// What every API backfill command does around its backfill: the store, the token from the
/// environment, progress, one clear line on failure, relinking and the summary.
private func runBackfill(
    options: GlobalOptions, label: String, quiet: Bool, token: (variable: String, header: String, prefix: String),
    headers: [String: String],
    _ backfill: (IngestService, APIClient, (@Sendable (Int) -> Void)?) async throws -> BackfillSession.Summary
) async throws {
    let configuration = try options.configuration()
    let store = try await options.openStore(configuration)
    var allHeaders = headers
    if let secret = ProcessInfo.processInfo.environment[token.variable], !secret.isEmpty {
        allHeaders[token.header] = token.prefix + secret
    }
    var client = APIClient(headers: allHeaders)
    if !quiet { client.onWait = { printError($0) } }
    let progress = quiet ? nil : ProgressLine("pages")
    var report: (@Sendable (Int) -> Void)?
    if let progress { report = { progress.update($0) } }
    let summary: BackfillSession.Summary
    do {
        summary = try await backfill(IngestService(store: store, organization: configuration.organization), client, report)
    } catch let error as APIClientError {
        progress?.finish()
        printError(error.description)
        throw ExitCode(69)
    }
    progress?.finish()
    let relinked = try await MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics).refreshLinks()
    let resumed = summary.resumedResources.isEmpty ? "" : ", resumed \(summary.resumedResources.joined(separator: ", "))"
    print("\(label): \(summary.pages) pages, \(summary.eventsAccepted) events stored, \(summary.duplicates) unchanged\(resumed); relinked \(relinked) service(s)")
}
