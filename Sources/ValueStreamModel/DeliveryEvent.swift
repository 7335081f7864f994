/// One normalised native event of any kind.
public enum DeliveryEvent: Sendable, Hashable, Codable {
    case commit(Commit)
    case pullRequest(PullRequest)
    case pipelineRun(PipelineRun)
    case deployment(Deployment)
    case incident(Incident)
    case workItem(WorkItem)

    /// The event's identity: (source, kind, id).
    public var key: EventKey {
        switch self {
        case .commit(let event): event.key
        case .pullRequest(let event): event.key
        case .pipelineRun(let event): event.key
        case .deployment(let event): event.key
        case .incident(let event): event.key
        case .workItem(let event): event.key
        }
    }
}
