import ArgumentParser
import DeliveryMetrics
import Foundation
import StreamgaugeServer
import ValueStreamModel

/// `streamgauge experiment create|list|show|close`: improvement experiments and their verdicts.
struct ExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Improvement experiments: a hypothesis about one metric, judged against a baseline window of the same length.",
        subcommands: [Create.self, List.self, Show.self, Close.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start an experiment; prints its id.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "A short name.") var name: String
        @Option(help: "What you expect, and why.") var hypothesis: String
        @Option(help: "The scope's service.") var service: String?
        @Option(help: "The scope's team.") var team: String?
        @Option(help: "The scope's value stream.") var valueStream: String?
        @Option(help: "\(ExperimentMetric.allCases.map(\.rawValue).joined(separator: ", ")).") var metric: String
        @Option(help: "With --metric flow-time: one stage of the value stream map.") var stage: String?
        @Option(help: "decrease or increase.") var expect: String
        @Option(help: "Start: a date or an RFC 3339 time.") var start: String
        @Option(help: "End (optional; without it the experiment runs until closed).") var end: String?

        func run() async throws {
            var body: [String: Any] = [
                "name": name, "hypothesis": hypothesis, "metric": metric, "expected": expect,
                "start": try RFC3339.string(from: WindowParser.date(start, name: "start")),
            ]
            if let end { body["end"] = RFC3339.string(from: try WindowParser.date(end, name: "end")) }
            if let stage { body["stage"] = stage }
            let scope: [String: String] = if let service { ["kind": "service", "name": service] }
                else if let team { ["kind": "team", "name": team] }
                else if let valueStream { ["kind": "valueStream", "name": valueStream] }
                else { ["kind": "organization"] }
            body["scope"] = scope
            let (_, store, engine) = try await options.openEngine()
            let experiment: Experiment
            do {
                experiment = try ExperimentJSON.experiment(from: try JSONSerialization.data(withJSONObject: body), id: Experiment.newId(), now: Date())
                _ = try await engine.services(in: experiment.scope)
            } catch {
                printError("\(error)")
                throw ExitCode(65)
            }
            try await store.saveExperiment(experiment)
            print(experiment.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List experiments with their verdicts.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (_, store, engine) = try await options.openEngine()
            for experiment in try await store.experiments() {
                let verdict = try? await engine.verdict(of: experiment)
                print("\(experiment.id)  \(experiment.name)  \(experiment.scope.kind.rawValue) \(experiment.scope.name)  \(experiment.metric.rawValue) \(experiment.expected.rawValue)  \(experiment.closedAt == nil ? "open" : "closed")  \(verdict?.outcome.rawValue ?? "-")")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an experiment's verdict (JSON).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The experiment's id.") var id: String

        func run() async throws {
            let configuration = try options.configuration()
            let store = try await options.openStore(configuration)
            guard let experiment = try await store.experiments().first(where: { $0.id == id }) else {
                printError("no experiment with id \(id)")
                throw ExitCode(66)
            }
            let engine = MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics)
            print(ExperimentJSON.json(experiment, verdict: try await engine.verdict(of: experiment)).serialized(pretty: true))
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an experiment (its window ends now, or at --end) with a conclusion.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The experiment's id.") var id: String
        @Option(help: "What the team learned.") var conclusion: String?
        @Option(help: "End of its window (default: its end, else now).") var end: String?

        func run() async throws {
            let configuration = try options.configuration()
            let store = try await options.openStore(configuration)
            guard var experiment = try await store.experiments().first(where: { $0.id == id }) else {
                printError("no experiment with id \(id)")
                throw ExitCode(66)
            }
            let now = Date()
            experiment.end = try end.map { try WindowParser.date($0, name: "end") } ?? experiment.end ?? now
            guard experiment.end! > experiment.start else {
                printError("--end must be after the experiment's start")
                throw ExitCode(65)
            }
            experiment.closedAt = now
            experiment.conclusion = conclusion
            try await store.saveExperiment(experiment)
            let engine = MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics)
            let verdict = try await engine.verdict(of: experiment)
            print("closed \(id): \(verdict.outcome.rawValue) (\(verdict.explanation))")
        }
    }
}

/// `streamgauge iterations`: a per-iteration snapshot of a scope's figures.
struct Iterations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the DORA figures per iteration of an improvement programme (e.g. 12 iterations of 3.5 days).")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @Option(help: "The first iteration's start: a date or an RFC 3339 time.") var start: String
    @Option(help: "Days per iteration.") var days: Double = 7
    @Option(help: "How many iterations.") var count: Int = 12

    func run() async throws {
        guard days >= 0.5, (1...52).contains(count) else {
            printError("--days must be at least 0.5 and --count 1 to 52")
            throw ExitCode(64)
        }
        let (_, _, engine) = try await options.openEngine()
        let reports = try await engine.iterations(scope: scopeOptions.scope, start: try WindowParser.date(start, name: "start"), days: days, count: count)
        print("iteration  from        deployments  lead time p50  change failure  recovery p50  rework")
        for (index, report) in reports.enumerated() {
            let columns = [
                String(index + 1).padding(toLength: 11, withPad: " ", startingAt: 0),
                String(RFC3339.string(from: report.window.from).prefix(10)).padding(toLength: 12, withPad: " ", startingAt: 0),
                String(report.deploymentFrequency.count).padding(toLength: 13, withPad: " ", startingAt: 0),
                ReportText.seconds(report.leadTimeForChanges.p50Seconds).padding(toLength: 15, withPad: " ", startingAt: 0),
                (report.changeFailureRate.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "-").padding(toLength: 16, withPad: " ", startingAt: 0),
                ReportText.seconds(report.failedDeploymentRecoveryTime.p50Seconds).padding(toLength: 14, withPad: " ", startingAt: 0),
                report.deploymentReworkRate.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
            ]
            print(columns.joined())
        }
    }
}
