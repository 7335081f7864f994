import Foundation

/// What the sender says caused an incident.
public enum IncidentCause: Sendable, Hashable, Codable {
    case deployment(id: String)
    case sha(String)
}

/// An incident in production, affecting one or more services.
public struct Incident: Sendable, Hashable, Codable {
    public var key: EventKey
    public var services: [String]
    public var openedAt: Date
    public var resolvedAt: Date?
    public var severity: String?
    public var title: String?
    public var causedBy: IncidentCause?

    public init(
        key: EventKey, services: [String], openedAt: Date, resolvedAt: Date? = nil,
        severity: String? = nil, title: String? = nil, causedBy: IncidentCause? = nil
    ) {
        self.key = key
        self.services = services
        self.openedAt = openedAt
        self.resolvedAt = resolvedAt
        self.severity = severity
        self.title = title
        self.causedBy = causedBy
    }
}
