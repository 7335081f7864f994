
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
