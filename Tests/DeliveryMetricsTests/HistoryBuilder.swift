import DeliveryMetrics
import Foundation
import ValueStreamModel

/// `2026-03-01T09:00:00Z` as a date; tests write times as people read them.
func time(_ text: String) -> Date {
    guard let date = RFC3339.date(from: text) else { fatalError("bad test time \(text)") }
    return date
}

let hour: Double = 3_600
let day: Double = 86_400

/// Builds a service's history by hand, one event at a time.
final class HistoryBuilder {
    var history: ServiceHistory
    var repository: String

    init(service: String = "checkout", repository: String = "github.com/acme/checkout") {
        history = ServiceHistory(service: service)
        self.repository = repository
    }

    @discardableResult
    func commit(_ sha: String, parents: [String] = [], authored: String, files: [String]? = nil) -> HistoryBuilder {
        history.commits.append(Commit(
            key: EventKey(source: "test", kind: .commit, id: sha), repository: repository, sha: sha, parents: parents,
            authoredAt: time(authored), committedAt: time(authored), files: files
        ))
        return self
    }

    @discardableResult
    func pullRequest(_ number: Int, mergeCommit: String, commits: [String], merged: String) -> HistoryBuilder {
        history.pullRequests.append(PullRequest(
            key: EventKey(source: "test", kind: .pullRequest, id: "pr\(number)"), repository: repository, number: number,
            openedAt: time(merged), mergedAt: time(merged), mergeCommitSha: mergeCommit, commits: commits
        ))
        return self
    }

    @discardableResult
    func deploy(
        _ id: String, sha: String, at finished: String, environment: String = "production",
        result: DeploymentResult = .success, rollbackOf: String? = nil, remediates: [String] = []
    ) -> HistoryBuilder {
        history.deployments.append(Deployment(
            key: EventKey(source: "test", kind: .deployment, id: id), service: history.service, environment: environment,
            sha: sha, finishedAt: time(finished), result: result, rollbackOf: rollbackOf, remediates: remediates
        ))
        return self
    }

    @discardableResult
    func incident(_ id: String, services: [String]? = nil, opened: String, resolved: String? = nil, cause: IncidentCause? = nil) -> HistoryBuilder {
        history.incidents.append(Incident(
            key: EventKey(source: "test", kind: .incident, id: id), services: services ?? [history.service],
            openedAt: time(opened), resolvedAt: resolved.map(time), causedBy: cause
        ))
        return self
    }

    func link(settings: MetricsSettings = MetricsSettings()) -> ServiceLinks {
        DeploymentLinker(settings: settings).link(history)
    }

    /// Links and reports over a window, as a service scope.
    func report(from: String, to: String, settings: MetricsSettings = MetricsSettings()) -> DoraReport {
        Self.report(of: [self], scope: MetricScope(kind: .service, name: history.service), from: from, to: to, settings: settings)
    }

    /// The report over the union of several services' histories (a team).
    static func report(of builders: [HistoryBuilder], scope: MetricScope, from: String, to: String, settings: MetricsSettings = MetricsSettings()) -> DoraReport {
        let links = builders.map { $0.link(settings: settings) }
        let incidents = Dictionary(builders.flatMap(\.history.incidents).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let input = ReportInput(
            deployments: links.flatMap(\.deployments), attributions: links.flatMap(\.attributions),
            incidents: Array(incidents.values)
        )
        return DoraReportBuilder(levels: settings.levels).report(scope: scope, window: DateWindow(from: time(from), to: time(to)), input: input)
    }
}
