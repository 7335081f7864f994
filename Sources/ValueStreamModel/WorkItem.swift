import Foundation

/// The flow item types of the Flow Framework.
public enum WorkItemType: String, Sendable, Codable, CaseIterable {
    case feature, defect, risk, debt
}

/// A status change of a work item.
public struct StatusTransition: Sendable, Hashable, Codable {
    public var status: String
    public var at: Date

    public init(status: String, at: Date) {
        self.status = status
        self.at = at
    }
}

/// A work item of an issue tracker, with its status history (kept sorted by time).
public struct WorkItem: Sendable, Hashable, Codable {
    public var key: EventKey
    public var itemKey: String
    public var type: WorkItemType
    public var createdAt: Date
    public var transitions: [StatusTransition]
    public var title: String?
    public var service: String?
    public var team: String?

    public init(
        key: EventKey, itemKey: String, type: WorkItemType, createdAt: Date,
        transitions: [StatusTransition], title: String? = nil, service: String? = nil,
        team: String? = nil
    ) {
        self.key = key
        self.itemKey = itemKey
        self.type = type
        self.createdAt = createdAt
        self.transitions = transitions.sorted { $0.at < $1.at }
        self.title = title
        self.service = service
        self.team = team
    }
}
