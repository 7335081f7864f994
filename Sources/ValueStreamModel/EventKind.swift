/// The six kinds of native event (docs: shared EVENTS.md).
public enum EventKind: String, Sendable, Codable, CaseIterable, Hashable {
    case commit
    case pullRequest = "pull_request"
    case pipelineRun = "pipeline_run"
    case deployment
    case incident
    case workItem = "work_item"
}

/// The identity of a native event: sending the same key again replaces the earlier event.
public struct EventKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var source: String
    public var kind: EventKind
    public var id: String

    public init(source: String, kind: EventKind, id: String) {
        self.source = source
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(source):\(kind.rawValue):\(id)" }

    /// The source and the id only: keys that differ in nothing but their kind are rare, and
    /// hashing the kind's name cost a third of hashing a key (a report hashes thousands).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(id)
    }

    public static func < (lhs: EventKey, rhs: EventKey) -> Bool {
        (lhs.source, lhs.kind.rawValue, lhs.id) < (rhs.source, rhs.kind.rawValue, rhs.id)
    }
}
