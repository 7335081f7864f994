/// How an incoming event meets the stored one with the same key.
public enum UpsertMode: String, Sendable, Codable {
    /// The new event replaces the old one (native events: EVENTS.md).
    case replace
    /// The new event is a partial update of the same thing (a tool that sends "detected" and
    /// "resolved" separately); the result is the same in whatever order they arrive.
    case merge
    /// Like `merge`, but only when the event is stored already; otherwise it is dropped (a
    /// "close issue X" request that names no kind: it amends whichever kind exists).
    case amend
}

/// An event on its way into the store.
public struct IncomingEvent: Sendable, Hashable {
    public var event: DeliveryEvent
    public var mode: UpsertMode

    public init(_ event: DeliveryEvent, mode: UpsertMode = .replace) {
        self.event = event
        self.mode = mode
    }
}

extension DeliveryEvent {
    /// This event merged with the stored one of the same key: times widen (earliest opening,
    /// latest resolution), lists unite, and given values win over missing ones.
    public func merged(into stored: DeliveryEvent) -> DeliveryEvent {
        switch (self, stored) {
        case (.incident(let new), .incident(let old)):
            var result = new
            result.services = Self.union(old.services, new.services)
            result.openedAt = min(old.openedAt, new.openedAt)
            result.resolvedAt = [old.resolvedAt, new.resolvedAt].compactMap { $0 }.max()
            result.severity = new.severity ?? old.severity
            result.title = new.title ?? old.title
            result.causedBy = new.causedBy ?? old.causedBy
            return .incident(result)
        case (.pullRequest(let new), .pullRequest(let old)):
            // Partial views of one pull request (its listing, its commits, its reviews).
            var result = new
            result.openedAt = min(old.openedAt, new.openedAt)
            result.title = new.title ?? old.title
            result.firstCommitAt = [old.firstCommitAt, new.firstCommitAt].compactMap { $0 }.min()
            result.firstReviewAt = [old.firstReviewAt, new.firstReviewAt].compactMap { $0 }.min()
            result.mergedAt = new.mergedAt ?? old.mergedAt
            result.closedAt = new.closedAt ?? old.closedAt
            result.mergeCommitSha = new.mergeCommitSha ?? old.mergeCommitSha
            result.headSha = new.headSha ?? old.headSha
            result.baseBranch = new.baseBranch ?? old.baseBranch
            result.commits = Self.union(old.commits, new.commits)
            result.workItems = Self.union(old.workItems, new.workItems)
            result.additions = new.additions ?? old.additions
            result.deletions = new.deletions ?? old.deletions
            return .pullRequest(result)
        case (.workItem(let new), .workItem(let old)):
            var transitions = old.transitions
            for transition in new.transitions where !transitions.contains(transition) {
                transitions.append(transition)
            }
            return .workItem(WorkItem(
                key: new.key, itemKey: new.itemKey, type: new.type,
                createdAt: min(old.createdAt, new.createdAt), transitions: transitions,
                title: new.title ?? old.title, service: new.service ?? old.service,
                team: new.team ?? old.team
            ))
        default:
            return self
        }
    }

    private static func union(_ first: [String], _ second: [String]) -> [String] {
        var result = first
        for item in second where !result.contains(item) { result.append(item) }
        return result
    }
}
