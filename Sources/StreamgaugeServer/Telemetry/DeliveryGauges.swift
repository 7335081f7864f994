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
        "streamgauge_flow_items_completed", "streamgauge_flow_time_p50_seconds", "streamgauge_flow_efficiency",
        "streamgauge_flow_load_average", "streamgauge_flow_items_in_progress",
    ]

    public static func text(reports: [DoraReport], organization: OrganizationMap, windowDays: Int) -> String {
        emit(reports, scope: \.scope, organization: organization, windowDays: windowDays) { report, set in
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
    }

    /// The flow figures of the organisation, each value stream, team and service, as gauges.
    public static func flowText(reports: [FlowReport], organization: OrganizationMap, windowDays: Int) -> String {
        emit(reports, scope: \.scope, organization: organization, windowDays: windowDays) { report, set in
            set("streamgauge_flow_items_completed", "Work items finished in the window (flow velocity).", Double(report.completed))
            set("streamgauge_flow_time_p50_seconds", "Median flow time of the work items finished.", report.flowTime.p50Seconds)
            set("streamgauge_flow_efficiency", "Active time over flow time of the work items finished.", report.flowEfficiency)
            set("streamgauge_flow_load_average", "Work items in progress, averaged over the window's days.", report.averageLoad)
            set("streamgauge_flow_items_in_progress", "Work items in progress at the end of the window.", Double(report.inProgress))
        }
    }

    /// One gauge per figure and report, labelled by the report's scope; a figure with no value
    /// has no sample.
    private static func emit<Report>(
        _ reports: [Report], scope: (Report) -> MetricScope, organization: OrganizationMap, windowDays: Int,
        gauges: (Report, (_ name: String, _ help: String, _ value: Double?) -> Void) -> Void
    ) -> String {
        let registry = PrometheusCollectorRegistry()
        for report in reports {
            let labels = labels(for: scope(report), organization: organization) + [("window_days", String(windowDays))]
            gauges(report) { name, help, value in
                guard let value else { return }
                registry.makeGauge(name: name, labels: labels, help: help).set(value)
            }
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
