import ArgumentParser
import DeliveryMetrics
import Foundation
import StreamgaugeServer
import ValueStreamModel

/// `streamgauge report`: the DORA five of a scope and window, as a table, JSON or CSV.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the DORA report of the organisation, a value stream, a team or a service.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: GlobalOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @Option(help: "table, json or csv.") var format: Format = .table

    func run() async throws {
        let configuration = try options.configuration()
        let store = try await options.openStore(configuration)
        let engine = MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics)
        let report: DoraReport
        do {
            report = try await engine.report(scope: scopeOptions.scope, window: try scopeOptions.window())
        } catch let error as UnknownScopeError {
            printError(error.description)
            throw ExitCode(66)
        }
        switch format {
        case .json: print(report.json.serialized(pretty: true))
        case .csv: print(ReportText.csv(report))
        case .table: print(ReportText.table(report))
        }
    }
}

/// The report as text for people (a table) and for spreadsheets (CSV).
enum ReportText {
    static func rows(_ report: DoraReport) -> [(metric: String, value: String, detail: String, level: String)] {
        let frequency = report.deploymentFrequency
        let lead = report.leadTimeForChanges
        let failure = report.changeFailureRate
        let recovery = report.failedDeploymentRecoveryTime
        let rework = report.deploymentReworkRate
        func number(_ value: Double?) -> String { value.map { String(format: "%.4g", $0) } ?? "null" }
        return [
            ("deployment frequency", "\(frequency.count) (\(String(format: "%.4f", frequency.perDay))/day)", "\(frequency.failedAttempts) failed attempts", frequency.level?.rawValue ?? "-"),
            ("lead time for changes p50", seconds(lead.p50Seconds), "p85 \(seconds(lead.p85Seconds)), \(lead.changes) changes", lead.level?.rawValue ?? "-"),
            ("change failure rate", failure.rate.map { String(format: "%.2f%%", $0 * 100) } ?? "null", "\(failure.failed) of \(failure.deployments)", failure.level?.rawValue ?? "-"),
            ("failed deployment recovery time p50", seconds(recovery.p50Seconds), "\(recovery.recovered) recovered, \(recovery.open) open", recovery.level?.rawValue ?? "-"),
            ("deployment rework rate", rework.rate.map { String(format: "%.2f%%", $0 * 100) } ?? "null", "\(rework.rework) of \(rework.deployments)", "-"),
            ("incident time to restore p50", seconds(report.incidentTimeToRestore.p50Seconds), "\(report.incidentTimeToRestore.incidents) incidents", "-"),
            ("batch size p50", number(report.batchSize.p50Commits), "commits per deployment", "-"),
        ]
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "null" }
        return value < 3_600 ? String(format: "%.1f min", value / 60)
            : value < 172_800 ? String(format: "%.1f h", value / 3_600) : String(format: "%.1f d", value / 86_400)
    }

    static func table(_ report: DoraReport) -> String {
        let rows = rows(report)
        let header = ("metric", "value", "detail", "level")
        let widths = [
            max(header.0.count, rows.map(\.metric.count).max() ?? 0),
            max(header.1.count, rows.map(\.value.count).max() ?? 0),
            max(header.2.count, rows.map(\.detail.count).max() ?? 0),
        ]
        func line(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
            [a.padding(toLength: widths[0], withPad: " ", startingAt: 0), b.padding(toLength: widths[1], withPad: " ", startingAt: 0),
             c.padding(toLength: widths[2], withPad: " ", startingAt: 0), d].joined(separator: "  ")
        }
        let title = "\(report.scope.kind.rawValue) \(report.scope.name), \(RFC3339.string(from: report.window.from)) to \(RFC3339.string(from: report.window.to)), levels: \(report.benchmark)"
        return ([title, line(header.0, header.1, header.2, header.3)] + rows.map { line($0.metric, $0.value, $0.detail, $0.level) })
            .joined(separator: "\n")
    }

    static func csv(_ report: DoraReport) -> String {
        let frequency = report.deploymentFrequency
        let lead = report.leadTimeForChanges
        let failure = report.changeFailureRate
        let recovery = report.failedDeploymentRecoveryTime
        func value(_ number: Double?) -> String { number.map { String($0) } ?? "" }
        let header = "scope_kind,scope_name,from,to,deployments,deployments_per_day,failed_attempts,deployment_frequency_level,changes,lead_time_p50_seconds,lead_time_p85_seconds,lead_time_level,failed_deployments,change_failure_rate,change_failure_level,recovered,open,recovery_time_p50_seconds,recovery_level,rework,rework_rate,incidents,time_to_restore_p50_seconds,batch_size_p50"
        let fields: [String] = [
            report.scope.kind.rawValue, report.scope.name, RFC3339.string(from: report.window.from), RFC3339.string(from: report.window.to),
            String(frequency.count), String(frequency.perDay), String(frequency.failedAttempts), frequency.level?.rawValue ?? "",
            String(lead.changes), value(lead.p50Seconds), value(lead.p85Seconds), lead.level?.rawValue ?? "",
            String(failure.failed), value(failure.rate), failure.level?.rawValue ?? "",
            String(recovery.recovered), String(recovery.open), value(recovery.p50Seconds), recovery.level?.rawValue ?? "",
            String(report.deploymentReworkRate.rework), value(report.deploymentReworkRate.rate),
            String(report.incidentTimeToRestore.incidents), value(report.incidentTimeToRestore.p50Seconds), value(report.batchSize.p50Commits),
        ].map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
        return header + "\n" + fields.joined(separator: ",")
    }
}
