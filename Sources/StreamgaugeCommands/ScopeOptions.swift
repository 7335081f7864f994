import ArgumentParser
import Foundation
import StreamgaugeServer
import ValueStreamModel

/// Which scope and window a command reports: `--service`, `--team` or `--value-stream` (the
/// organisation when none), `--from` and `--to`.
struct ScopeOptions: ParsableArguments {
    @Option(help: "One service.") var service: String?
    @Option(help: "One team (the union of its services).") var team: String?
    @Option(help: "One value stream.") var valueStream: String?
    @Option(help: "Start of the window: a date (2026-01-01) or an RFC 3339 time. Default: 90 days before --to.") var from: String?
    @Option(help: "End of the window (exclusive). Default: now.") var to: String?

    func validate() throws {
        if [service, team, valueStream].compactMap({ $0 }).count > 1 {
            throw ValidationError("name at most one of --service, --team and --value-stream")
        }
        do {
            _ = try WindowParser.window(from: from, to: to)
        } catch let error as WindowError {
            throw ValidationError(error.description.replacingOccurrences(of: "`from`", with: "--from").replacingOccurrences(of: "`to`", with: "--to"))
        }
    }

    var scope: MetricScope {
        if let service { return MetricScope(kind: .service, name: service) }
        if let team { return MetricScope(kind: .team, name: team) }
        if let valueStream { return MetricScope(kind: .valueStream, name: valueStream) }
        return .organization
    }

    func window() throws -> DateWindow { try WindowParser.window(from: from, to: to) }
}
