import ArgumentParser
import Foundation
import StreamgaugeServer

/// `streamgauge alerts check`: checks the configured alert rules once and delivers what they
/// raise (the server does the same on its own every few minutes).
struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Alert rules: regressions beyond control limits, thresholds, stale sources.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the rules now and send the webhooks they raise (each once).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (configuration, _, engine) = try await options.openEngine()
            let outcome = try await AlertEvaluator(engine: engine, rules: configuration.alertRules).run()
            print("\(configuration.alertRules.count) rules: \(outcome.raised) raised, \(outcome.delivered) delivered, \(outcome.pending) pending")
        }
    }
}
