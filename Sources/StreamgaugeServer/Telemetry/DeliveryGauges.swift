import DeliveryMetrics
import Prometheus
import ValueStreamModel

/// The DORA figures as Prometheus gauges over a trailing window, one series per service, team,
/// value stream and the organisation (labels `scope`, `service`, `team`, `value_stream`; never
/// a person). A figure with no value (no deployment, no change) has no sample rather than a zero.
public enum DeliveryGauges {
    /// Every metric name this emits, for documentation and the Grafana dashboard's test.
    public static let names = [
        "streamgauge_deployments", "streamgauge_deployment_frequency_per_day", "streamgauge_failed_deployment_attempts",
        "streamgauge_lead_time_p50_seconds", "streamgauge_lead_time_p85_seconds", "streamgauge_change_failure_rate",
        "streamgauge_failed_deployment_recovery_time_p50_seconds", "streamgauge_deployment_rework_rate",
        "streamgauge_incident_time_to_restore_p50_seconds", "streamgauge_batch_size_p50_commits",
    ]

    public static func text(reports: [DoraReport], organization: OrganizationMap, windowDays: Int) -> String {
        let registry = PrometheusCollectorRegistry()
        for report in reports {
            let labels = labels(for: report.scope, organization: organization) + [("window_days", String(windowDays))]
            func set(_ name: String, _ help: String, _ value: Double?) {
                guard let value else { return }
                registry.makeGauge(name: name, labels: labels, help: help).set(value)
            }
            set("streamgauge_deployments", "Successful production deployments in the window.", Double(report.deploymentFrequency.count))
            set("streamgauge_deployment_frequency_per_day", "Successful production deployments per day.", report.deploymentFrequency.perDay)
            set("streamgauge_failed_deployment_attempts", "Production deployments that did not succeed.", Double(report.deploymentFrequency.failedAttempts))
            set("streamgauge_lead_time_p50_seconds", "Median lead time for changes.", report.leadTimeForChanges.p50Seconds)
            set("streamgauge_lead_time_p85_seconds", "85th percentile lead time for changes.", report.leadTimeForChanges.p85Seconds)
            set("streamgauge_change_failure_rate", "Share of deployments that failed.", report.changeFailureRate.rate)
            set("streamgauge_failed_deployment_recovery_time_p50_seconds", "Median failed deployment recovery time.", report.failedDeploymentRecoveryTime.p50Seconds)
            set("streamgauge_deployment_rework_rate", "Share of deployments that were rollbacks or hotfixes.", report.deploymentReworkRate.rate)
            set("streamgauge_incident_time_to_restore_p50_seconds", "Median incident time to restore.", report.incidentTimeToRestore.p50Seconds)
            set("streamgauge_batch_size_p50_commits", "Median commits per deployment.", report.batchSize.p50Commits)
        }
        return registry.emitToString()
    }

    static func labels(for scope: MetricScope, organization: OrganizationMap) -> [(String, String)] {
        switch scope.kind {
        case .organization:
            return [("scope", "organization")]
        case .valueStream:
            return [("scope", "value_stream"), ("value_stream", scope.name)]
        case .team:
            return [("scope", "team"), ("team", scope.name), ("value_stream", organization.valueStream(ofTeam: scope.name) ?? "")]
        case .service:
            let team = organization.team(ofService: scope.name)
            return [("scope", "service"), ("service", scope.name), ("team", team ?? ""),
                    ("value_stream", team.flatMap { organization.valueStream(ofTeam: $0) } ?? "")]
        }
    }
}
