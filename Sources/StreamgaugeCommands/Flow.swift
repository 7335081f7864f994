import ArgumentParser
import DeliveryMetrics
import Foundation
import StreamgaugeServer
import ValueStreamModel

/// `streamgauge flow`: the flow figures and the value stream map of a scope.
struct Flow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the flow figures and value stream map (stages, waiting, %C&A, the constraint) of a scope.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var options: GlobalOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @Option(help: "table or json.") var format: Format = .table

    func run() async throws {
        let (_, _, engine) = try await options.openEngine()
        let report: FlowReport
        do {
            report = try await engine.flow(scope: scopeOptions.scope, window: try scopeOptions.window())
        } catch let error as UnknownScopeError {
            printError(error.description)
            throw ExitCode(66)
        }
        switch format {
        case .json: print(report.json.serialized(pretty: true))
        case .table: print(FlowText.table(report))
        }
    }
}

/// The flow report for people.
enum FlowText {
    static func table(_ report: FlowReport) -> String {
        func time(_ value: Double?) -> String { ReportText.seconds(value) }
        func share(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
        var lines = [
            "\(report.scope.kind.rawValue) \(report.scope.name), \(RFC3339.string(from: report.window.from)) to \(RFC3339.string(from: report.window.to))",
            "flow velocity    \(report.completed) items done (\(String(format: "%.2f", report.throughputPerDay))/day)",
            "flow time        p50 \(time(report.flowTime.p50Seconds)), p85 \(time(report.flowTime.p85Seconds))",
            "flow efficiency  \(share(report.flowEfficiency))",
            "flow load        \(report.averageLoad.map { String(format: "%.1f", $0) } ?? "-") on average; Little's law implies \(report.impliedLoad.map { String(format: "%.1f", $0) } ?? "-")",
            "distribution     " + WorkItemType.allCases.map { "\($0.rawValue) \(report.distribution[$0] ?? 0)" }.joined(separator: ", "),
            "constraint       " + (report.constraint.map { "\($0.name) (\(share($0.waitingShare)) of all waiting)" } ?? "-"),
            "",
            "stage                       kind     p50         p85         waiting  %C&A  in progress",
        ]
        for stage in report.stages {
            let name = stage.definition.name + (stage.definition.isBacklog ? " (backlog)" : stage.definition.isDone ? " (done)" : "")
            lines.append([
                name.padding(toLength: 28, withPad: " ", startingAt: 0), stage.definition.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0),
                time(stage.time.p50Seconds).padding(toLength: 12, withPad: " ", startingAt: 0), time(stage.time.p85Seconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                share(stage.waitingShare).padding(toLength: 9, withPad: " ", startingAt: 0), share(stage.completeAndAccurate).padding(toLength: 6, withPad: " ", startingAt: 0),
                String(stage.inProgress),
            ].joined())
        }
        let breakdown = report.pullRequests
        lines += [
            "",
            "pull requests    coding p50 \(time(breakdown.coding.p50Seconds)), pickup p50 \(time(breakdown.pickup.p50Seconds)), review p50 \(time(breakdown.review.p50Seconds)), merge to deploy p50 \(time(breakdown.mergeToDeploy.p50Seconds))",
        ]
        return lines.joined(separator: "\n")
    }
}
