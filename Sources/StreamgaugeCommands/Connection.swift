import ArgumentParser
import EventStore
import Foundation
import StreamgaugeServer
import ValueStreamModel

/// `streamgauge connection add|list|remove`: webhook connections kept in the store (the
/// configuration file's `connections` are listed too, and edited in the file).
struct Connection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage webhook connections: where each tool posts, and how its deliveries are checked and mapped.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a connection; the tool then posts to /webhooks/<tool>/<name>.",
            discussion: "The secret is never stored: name the environment variable or the file the server reads it from."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The connection's name (letters, digits, -, _, .).") var name: String
        @Option(help: "The tool: \(WebhookTool.allCases.map(\.rawValue).joined(separator: ", ")).") var tool: String
        @Option(help: "Environment variable of the server holding the secret.") var secretEnv: String?
        @Option(help: "File holding the secret (read on every delivery).") var secretFile: String?
        @Flag(help: "Accept deliveries without any secret (only behind a trusted network).") var insecure = false
        @Option(help: "The service of everything this connection receives.") var service: String?
        @Option(name: .customLong("map"), help: "TOOL-NAME=SERVICE: a tool-side name (repository, PagerDuty service, Jira project) to a service; repeatable.")
        var mappings: [String] = []
        @Option(name: .customLong("production-environment"), help: "An environment name that is production for this tool; repeatable.")
        var productionEnvironments: [String] = []
        @Option(help: "Label that makes a GitHub / GitLab issue an incident.") var incidentLabel = "incident"
        @Option(help: "Jira issue type that is an incident.") var incidentType = "Incident"
        @Option(help: "CircleCI / Jenkins runs whose name matches this glob are deployments.") var deployMatch = DeploymentMatch.conventional.match
        @Option(help: "The environment those deployments go to.") var deployEnvironment = DeploymentMatch.conventional.environment
        @Option(help: "Tags matching this glob (pushed, or released) are production deployments, e.g. 'v*'.") var releaseTags: String?

        func connection() throws -> WebhookConnection {
            guard let tool = WebhookTool(rawValue: tool) else {
                throw ValidationError("unknown tool \"\(tool)\"; use one of \(WebhookTool.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var services: [String: String] = [:]
            for mapping in mappings {
                guard let equals = mapping.lastIndex(of: "="), equals != mapping.startIndex, mapping.index(after: equals) != mapping.endIndex else {
                    throw ValidationError("--map \"\(mapping)\" must be TOOL-NAME=SERVICE")
                }
                services[String(mapping[..<equals])] = String(mapping[mapping.index(after: equals)...])
            }
            let connection = WebhookConnection(
                name: name, tool: tool, secretEnv: secretEnv, secretFile: secretFile, insecure: insecure, service: service,
                services: services, productionEnvironments: productionEnvironments, incidentLabel: incidentLabel,
                incidentIssueType: incidentType, deployments: DeploymentMatch(match: deployMatch, environment: deployEnvironment),
                releaseTags: releaseTags
            )
            if let problem = connection.problem { throw ValidationError(problem) }
            return connection
        }

        func validate() throws { _ = try connection() }

        func run() async throws {
            let configuration = try options.configuration()
            let store = try await options.openStore(configuration)
            let connection = try connection()
            if try await ConnectionDirectory(configured: configuration.connections, store: store).connection(named: name) != nil {
                printError("a connection named \(name) exists already; remove it first")
                throw ExitCode(65)
            }
            try await store.saveConnection(connection)
            print("added \(connection.tool.rawValue) connection \(name): the tool posts to \(connection.path)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List connections with where their secret is read from (never the secret).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let configuration = try options.configuration()
            let store = try await options.openStore(configuration)
            for (connection, isConfigured) in try await ConnectionDirectory(configured: configuration.connections, store: store).all() {
                let secret = connection.secretEnv.map { "secret from $\($0)" } ?? connection.secretFile.map { "secret from file \($0)" } ?? "insecure"
                print("\(connection.name)  \(connection.tool.rawValue)  \(connection.path)  \(secret)  \(isConfigured ? "configuration file" : "store")")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a connection added with `connection add`; its archived deliveries stay.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The connection's name.") var name: String

        func run() async throws {
            let configuration = try options.configuration()
            if configuration.connections.contains(where: { $0.name == name }) {
                printError("connection \(name) is defined in the configuration file; remove it there")
                throw ExitCode(65)
            }
            let store = try await options.openStore(configuration)
            guard try await store.removeConnection(name: name) else {
                printError("no connection named \(name)")
                throw ExitCode(66)
            }
            print("removed connection \(name)")
        }
    }
}
