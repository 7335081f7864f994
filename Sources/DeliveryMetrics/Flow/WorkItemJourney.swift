import Foundation
import ValueStreamModel

/// One work item's path through a value stream map: the stages it was in, in order, from its
/// tracker's status changes and the delivery milestones of the code that carries its key.
public struct WorkItemJourney: Sendable, Hashable {
    public struct Visit: Sendable, Hashable {
        public var stage: Int
        public var enteredAt: Date
    }

    public var item: WorkItem
    /// The service whose code carries the item (or the item's own service).
    public var service: String?
    public var visits: [Visit]
    /// When the item first left the backlog: flow time starts here.
    public var startedAt: Date?
    /// When it reached a done stage and stayed there.
    public var doneAt: Date?

    /// Time spent per visit (the last visit runs to `end` unless it is done).
    func visitDurations(until end: Date, map: FlowMap) -> [(stage: Int, seconds: Double)] {
        var result: [(Int, Double)] = []
        for (index, visit) in visits.enumerated() {
            if map.stages[visit.stage].isDone && index == visits.count - 1 { break }
            let leftAt = index + 1 < visits.count ? visits[index + 1].enteredAt : end
            result.append((visit.stage, max(0, min(leftAt, end).timeIntervalSince(visit.enteredAt))))
        }
        return result
    }
}

/// When the code of a work item reached each delivery milestone.
public struct Milestones: Sendable, Hashable {
    public var times: [String: Date] = [:]

    mutating func record(_ name: String, _ date: Date?, keepLatest: Bool = false) {
        guard let date else { return }
        if let current = times[name] {
            times[name] = keepLatest ? max(current, date) : min(current, date)
        } else {
            times[name] = date
        }
    }
}

/// Builds journeys: statuses may move an item back (a loop-back), milestones only forward (a
/// pull request opened again does not undo a review).
public struct JourneyBuilder: Sendable {
    public let map: FlowMap

    public init(map: FlowMap) {
        self.map = map
    }

    public func journey(of item: WorkItem, service: String?, milestones: Milestones) -> WorkItemJourney {
        enum Source { case creation, status, milestone }
        var steps: [(at: Date, stage: Int, source: Source)] = []
        if let backlog = map.stages.firstIndex(where: \.isBacklog) { steps.append((item.createdAt, backlog, .creation)) }
        for transition in item.transitions {
            if let stage = map.stage(forStatus: transition.status) { steps.append((transition.at, stage, .status)) }
        }
        for (name, at) in milestones.times {
            if let stage = map.stage(forMilestone: name) { steps.append((at, stage, .milestone)) }
        }
        // Stable: at equal times creation comes first, then statuses, then milestones.
        let ordered = steps.enumerated().sorted { lhs, rhs in
            if lhs.element.at != rhs.element.at { return lhs.element.at < rhs.element.at }
            return lhs.offset < rhs.offset
        }.map(\.element)

        var visits: [WorkItemJourney.Visit] = []
        for step in ordered {
            let current = visits.last?.stage
            if step.stage == current { continue }
            if step.source == .milestone, let current, step.stage < current || map.stages[current].isDone { continue }
            visits.append(WorkItemJourney.Visit(stage: step.stage, enteredAt: step.at))
        }
        let startedAt = visits.first { !map.stages[$0.stage].isBacklog }?.enteredAt
        let doneAt = visits.last.flatMap { map.stages[$0.stage].isDone ? $0.enteredAt : nil }
        return WorkItemJourney(item: item, service: service, visits: visits, startedAt: startedAt, doneAt: doneAt)
    }
}
