import Foundation

/// Whether work in a stage is being worked on or waits (Flow Framework / value stream mapping).
public enum StageKind: String, Sendable, Hashable, Codable, CaseIterable {
    case active, waiting
}

/// One stage of a value stream map: which tool statuses and delivery milestones put a work item
/// in it. Milestones: `firstCommit`, `pullRequestOpened`, `firstReview`, `merged`,
/// `pipelinePassed`, `deployed:<environment>` (`deployed:production` for any production one).
public struct FlowStage: Sendable, Hashable, Codable {
    public var name: String
    public var kind: StageKind
    public var statuses: [String]
    public var milestones: [String]
    /// The queue before work starts: flow time begins when an item first leaves it, and it is
    /// never named the constraint.
    public var isBacklog: Bool
    /// Reaching it finishes the item.
    public var isDone: Bool

    public init(name: String, kind: StageKind, statuses: [String] = [], milestones: [String] = [], isBacklog: Bool = false, isDone: Bool = false) {
        self.name = name
        self.kind = kind
        self.statuses = statuses
        self.milestones = milestones
        self.isBacklog = isBacklog
        self.isDone = isDone
    }

    private enum Keys: String, CodingKey { case name, kind, statuses, milestones, backlog, done }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            kind: try container.decodeIfPresent(StageKind.self, forKey: .kind) ?? .waiting,
            statuses: try container.decodeIfPresent([String].self, forKey: .statuses) ?? [],
            milestones: try container.decodeIfPresent([String].self, forKey: .milestones) ?? [],
            isBacklog: try container.decodeIfPresent(Bool.self, forKey: .backlog) ?? false,
            isDone: try container.decodeIfPresent(Bool.self, forKey: .done) ?? false
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(statuses, forKey: .statuses)
        try container.encode(milestones, forKey: .milestones)
        try container.encode(isBacklog, forKey: .backlog)
        try container.encode(isDone, forKey: .done)
    }
}

/// A value stream's stages in order, from idea to production.
public struct FlowMap: Sendable, Hashable, Codable {
    public var stages: [FlowStage]

    public init(stages: [FlowStage]) {
        self.stages = stages
    }

    /// The map that works with no configuration: Jira-style statuses and the delivery milestones.
    public static let standard = FlowMap(stages: [
        FlowStage(name: "Backlog", kind: .waiting, statuses: ["To Do", "Backlog", "Open", "New", "Selected for Development", "Todo"], isBacklog: true),
        FlowStage(name: "Coding", kind: .active, statuses: ["In Progress", "In Development", "Doing", "Reopened"], milestones: ["firstCommit"]),
        FlowStage(name: "Waiting for review", kind: .waiting, statuses: ["In Review", "Code Review", "Review", "Ready for Review"], milestones: ["pullRequestOpened"]),
        FlowStage(name: "Review", kind: .active, milestones: ["firstReview"]),
        FlowStage(name: "Waiting for deployment", kind: .waiting, statuses: ["Ready to Deploy", "Ready for Release", "Merged"], milestones: ["merged"]),
        FlowStage(name: "Done", kind: .waiting, statuses: ["Done", "Closed", "Resolved", "Released"], milestones: ["deployed:production"], isDone: true),
    ])

    /// Why the map cannot be used, or `nil`.
    public var problem: String? {
        if stages.count < 2 { return "a value stream map needs at least two stages" }
        if !stages.contains(where: \.isDone) { return "a value stream map needs a stage with `done: true`" }
        var seen: Set<String> = []
        for stage in stages where !seen.insert(stage.name).inserted { return "stage `\(stage.name)` is defined twice" }
        return nil
    }

    /// The stage a tool status puts an item in (case-insensitive).
    public func stage(forStatus status: String) -> Int? {
        stages.firstIndex { $0.statuses.contains { $0.caseInsensitiveCompare(status) == .orderedSame } }
    }

    public func stage(forMilestone milestone: String) -> Int? {
        stages.firstIndex { $0.milestones.contains(milestone) }
    }
}
