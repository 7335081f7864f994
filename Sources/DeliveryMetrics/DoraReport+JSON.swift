import Foundation
import ValueStreamModel

/// The report's JSON is a public shape (METRICS.md): keys in its order, `null` where a figure
/// has no value, times in RFC 3339.
extension DoraReport {
    public var json: JSONValue {
        func level(_ value: PerformanceLevel?) -> JSONValue { .string(value?.rawValue) }
        return .object([
            ("scope", scope.json),
            ("window", .object([
                ("from", .string(RFC3339.string(from: window.from))), ("to", .string(RFC3339.string(from: window.to))),
            ])),
            ("deploymentFrequency", .object([
                ("count", .integer(deploymentFrequency.count)), ("perDay", .number(deploymentFrequency.perDay)),
                ("failedAttempts", .integer(deploymentFrequency.failedAttempts)), ("level", level(deploymentFrequency.level)),
            ])),
            ("leadTimeForChanges", .object([
                ("changes", .integer(leadTimeForChanges.changes)), ("p50Seconds", .number(leadTimeForChanges.p50Seconds)),
                ("p85Seconds", .number(leadTimeForChanges.p85Seconds)), ("level", level(leadTimeForChanges.level)),
            ])),
            ("changeFailureRate", .object([
                ("failed", .integer(changeFailureRate.failed)), ("deployments", .integer(changeFailureRate.deployments)),
                ("rate", .number(changeFailureRate.rate)), ("level", level(changeFailureRate.level)),
            ])),
            ("failedDeploymentRecoveryTime", .object([
                ("recovered", .integer(failedDeploymentRecoveryTime.recovered)), ("open", .integer(failedDeploymentRecoveryTime.open)),
                ("p50Seconds", .number(failedDeploymentRecoveryTime.p50Seconds)), ("level", level(failedDeploymentRecoveryTime.level)),
            ])),
            ("deploymentReworkRate", .object([
                ("rework", .integer(deploymentReworkRate.rework)), ("deployments", .integer(deploymentReworkRate.deployments)),
                ("rate", .number(deploymentReworkRate.rate)),
            ])),
            ("incidentTimeToRestore", .object([
                ("incidents", .integer(incidentTimeToRestore.incidents)), ("p50Seconds", .number(incidentTimeToRestore.p50Seconds)),
            ])),
            ("batchSize", .object([("p50Commits", .number(batchSize.p50Commits))])),
            ("benchmark", .string(benchmark)),
        ])
    }
}

extension MetricScope {
    /// `{"kind": .., "name": ..}`, as reports name their scope.
    public var json: JSONValue {
        .object([("kind", .string(kind.rawValue)), ("name", .string(name))])
    }
}

extension DataQuality {
    public var json: JSONValue {
        .object([
            ("deploymentsWithoutLinkedChange", .integer(deploymentsWithoutLinkedChange)),
            ("unknownCommits", .integer(unknownCommits)),
            ("negativeLeadTimesDropped", .integer(negativeLeadTimesDropped)),
            ("unattributedIncidents", .integer(unattributedIncidents)),
            ("attributionsByMethod", .object(AttributionMethod.allCases.map { ($0.rawValue, .integer(attributionsByMethod[$0] ?? 0)) })),
        ])
    }
}
