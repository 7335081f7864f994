/// The kinds of scope a report can cover.
public enum ScopeKind: String, Sendable, Codable, CaseIterable {
    case service, team, valueStream, organization
}

/// What a report covers: a service, a team, a value stream, or the whole organisation.
public struct MetricScope: Sendable, Hashable, Codable {
    public var kind: ScopeKind
    public var name: String

    public init(kind: ScopeKind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// The organisation, which has one name.
    public static let organization = MetricScope(kind: .organization, name: "organization")
}
