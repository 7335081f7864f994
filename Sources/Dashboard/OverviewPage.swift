import DeliveryMetrics
import Foundation
import Mustache
import ValueStreamModel

/// The organisation overview at `/`: the DORA five with levels for the organisation, each value
/// stream, team and service. Renders a string; knows no HTTP.
public struct OverviewPage: Sendable {
    private let library: MustacheLibrary

    public init() {
        // The templates are part of the binary (one file to deploy) and fixed: parsing them
        // cannot fail at run time once a test has rendered them.
        var library = MustacheLibrary()
        try! library.register(PageTemplates.overview, named: "overview")
        try! library.register(PageTemplates.row, named: "row")
        self.library = library
    }

    /// The page for `organization` and the reports of every other scope, in display order.
    public func render(organization: DoraReport, scopes: [DoraReport], localOnlyNotice: Bool, generatedAt: Date) -> String {
        let sections: [(ScopeKind, String)] = [(.valueStream, "Value streams"), (.team, "Teams"), (.service, "Services")]
        let context: [String: Any] = [
            "window": "\(Self.day(organization.window.from)) – \(Self.day(organization.window.to))",
            "benchmark": organization.benchmark,
            "organization": Self.row(organization),
            "sections": sections.compactMap { kind, title -> [String: Any]? in
                let rows = scopes.filter { $0.scope.kind == kind }.map(Self.row)
                return rows.isEmpty ? nil : ["title": title, "rows": rows]
            },
            "localOnly": localOnlyNotice,
            "generatedAt": RFC3339.string(from: generatedAt),
        ]
        return library.render(context, withTemplate: "overview") ?? ""
    }

    static func row(_ report: DoraReport) -> [String: Any] {
        [
            "name": report.scope.kind == .organization ? "Organisation" : report.scope.name,
            "kind": report.scope.kind.rawValue,
            "deployments": report.deploymentFrequency.count,
            "frequency": MetricFormatting.perDay(report.deploymentFrequency.perDay),
            "frequencyLevel": level(report.deploymentFrequency.level),
            "leadTime": MetricFormatting.duration(report.leadTimeForChanges.p50Seconds),
            "leadTimeLevel": level(report.leadTimeForChanges.level),
            "changeFailureRate": MetricFormatting.percent(report.changeFailureRate.rate),
            "changeFailureLevel": level(report.changeFailureRate.level),
            "recoveryTime": MetricFormatting.duration(report.failedDeploymentRecoveryTime.p50Seconds),
            "recoveryLevel": level(report.failedDeploymentRecoveryTime.level),
            "reworkRate": MetricFormatting.percent(report.deploymentReworkRate.rate),
        ]
    }

    static func level(_ level: PerformanceLevel?) -> String { level?.rawValue ?? "none" }

    static func day(_ date: Date) -> String { String(RFC3339.string(from: date).prefix(10)) }
}
