
/// The linked facts a report sums up: the scope's deployments in (at least) the window, every
/// attribution candidate of the incidents blamed on them, and the incidents involved (those
/// opened in the window and those named by the candidates).
public struct ReportInput: Sendable {
    public var deployments: [DeploymentFact]
    public var attributions: [AttributionCandidate]
    public var incidents: [Incident]

    public init(deployments: [DeploymentFact], attributions: [AttributionCandidate], incidents: [Incident]) {
        self.deployments = deployments
        self.attributions = attributions
        self.incidents = incidents
    }
}

/// What a report over exactly one window sums up when the store keeps deployments summed by day
/// (`DeploymentDay`): the days wholly inside the window, the facts of the window outside them
/// (its first and last part days), and, inside the days, only the facts that may count as failed
/// beside the ones incidents are blamed on (rolled-back deployments). Incidents and attribution
/// candidates as in `ReportInput`. From a store that keeps no days, every fact is an edge fact.
public struct WindowReportInput: Sendable {
    /// The scope's services: a blamed deployment counts only if it is one of theirs.
    public var services: [String]
    public var window: DateWindow
    /// The days summed in `days`: every day wholly inside the window, or none.
    public var wholeDays: Range<Int>
    public var days: SummedDays
    /// The window's facts on days outside `wholeDays`.
    public var edgeDeployments: [DeploymentFact]
    /// The facts on `wholeDays` of deployments rolled back.
    public var rolledBack: [DeploymentFact]
    public var attributions: [AttributionCandidate]
    public var incidents: [Incident]

    public init(
        services: [String], window: DateWindow, wholeDays: Range<Int>, days: SummedDays,
        edgeDeployments: [DeploymentFact], rolledBack: [DeploymentFact],
        attributions: [AttributionCandidate], incidents: [Incident]
    ) {
        self.services = services
        self.window = window
        self.wholeDays = wholeDays
        self.days = days
        self.edgeDeployments = edgeDeployments
        self.rolledBack = rolledBack
        self.attributions = attributions
        self.incidents = incidents
    }

    /// The same report's input from facts alone, for stores that keep no days.
    public init(services: [String], window: DateWindow, facts: ReportInput) {
        self.init(
            services: services, window: window, wholeDays: 0..<0, days: SummedDays(), edgeDeployments: facts.deployments,
            rolledBack: [], attributions: facts.attributions, incidents: facts.incidents
        )
    }
}
