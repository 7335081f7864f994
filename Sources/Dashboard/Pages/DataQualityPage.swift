import DeliveryMetrics
import Foundation
import ValueStreamModel

/// What the figures could not see, for a scope: deployments with no linked change, incidents
/// with no attribution (and how the others were attributed), unknown commits, negative lead
/// times dropped; and per source the time of its last request, stale ones marked.
public struct DataQualityPage: Sendable {
    let renderer: PageRenderer
    /// A source that sent nothing for this long is stale.
    public static let staleAfter: TimeInterval = 24 * 3_600

    public init(renderer: PageRenderer = PageRenderer()) {
        self.renderer = renderer
    }

    public func render(report: DoraReport, sources: [SourceActivity], state: ViewState, now: Date) -> String {
        let name = report.scope.kind == .organization ? "the organisation" : report.scope.name
        var context = renderer.pageContext(
            title: "Data quality", heading: "Data quality · \(name)", state: state, path: "/data-quality",
            benchmark: report.benchmark, now: now
        )
        context["scopeName"] = name
        let quality = report.dataQuality
        var checks: [[String: Any]] = [
            ["label": "Deployments with no linked change (their sha is no known commit)", "count": quality.deploymentsWithoutLinkedChange],
            ["label": "Incidents with no attribution", "count": quality.unattributedIncidents],
        ]
        for method in AttributionMethod.allCases {
            checks.append(["label": "Incidents attributed by \(method.rawValue) link", "count": quality.attributionsByMethod[method] ?? 0])
        }
        checks += [
            ["label": "Commits with unknown parents or shas (needed by linking, never received)", "count": quality.unknownCommits],
            ["label": "Negative lead times dropped (clock skew)", "count": quality.negativeLeadTimesDropped],
        ]
        context["checks"] = checks
        context["staleAfter"] = MetricFormatting.duration(Self.staleAfter)
        context["sources"] = sources.sorted { $0.lastReceivedAt > $1.lastReceivedAt }.map { source -> [String: Any] in
            let age = now.timeIntervalSince(source.lastReceivedAt)
            return [
                "name": source.source, "requests": source.requests, "last": RFC3339.string(from: source.lastReceivedAt),
                "age": MetricFormatting.duration(max(age, 0)), "stale": age > Self.staleAfter,
            ]
        }
        return renderer.render("dataQuality", context)
    }
}
