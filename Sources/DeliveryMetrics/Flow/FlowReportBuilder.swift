import Foundation
import ValueStreamModel

/// Sums journeys up into a `FlowReport`. Items count in completed figures when they finished
/// in the window; items still in progress count in load and in their current stage's age.
public struct FlowReportBuilder: Sendable {
    public let map: FlowMap
    public let settings: MetricsSettings

    public init(map: FlowMap, settings: MetricsSettings) {
        self.map = map
        self.settings = settings
    }

    /// Every work item of the input that belongs to the scope, with its journey.
    public func journeys(_ input: FlowInput) -> (journeys: [WorkItemJourney], links: CodeLinksSummary) {
        let links = CodeLinks(input: input, settings: settings)
        let services = Set(input.histories.map(\.service))
        let builder = JourneyBuilder(map: map)
        var journeys: [WorkItemJourney] = []
        for item in input.workItems {
            let link = links.byKey[item.itemKey]
            let service = item.service.flatMap { services.contains($0) ? $0 : nil } ?? link?.service ?? item.service
            let belongs = service.map(services.contains) ?? input.includesUnassignedItems
            guard belongs else { continue }
            journeys.append(builder.journey(of: item, service: service, milestones: link?.milestones ?? Milestones()))
        }
        return (journeys, CodeLinksSummary(pullRequests: links.pullRequests))
    }

    public func report(scope: MetricScope, window: DateWindow, input: FlowInput) -> FlowReport {
        let (journeys, links) = journeys(input)
        return report(scope: scope, window: window, journeys: journeys, links: links)
    }

    /// The report of the journeys and pull requests of some services only: one organisation-wide
    /// set of journeys serves every scope (the Prometheus gauges).
    public func report(scope: MetricScope, window: DateWindow, journeys all: [WorkItemJourney], links all_: CodeLinksSummary, services: Set<String>) -> FlowReport {
        let journeys = all.filter { $0.service.map(services.contains) ?? false }
        let links = CodeLinksSummary(pullRequests: all_.pullRequests.filter { services.contains($0.service) })
        return report(scope: scope, window: window, journeys: journeys, links: links)
    }

    public func report(scope: MetricScope, window: DateWindow, journeys: [WorkItemJourney], links: CodeLinksSummary) -> FlowReport {
        let finished = journeys.filter { $0.doneAt.map(window.contains) ?? false }
        let stageCount = map.stages.count

        // Flow time, efficiency, distribution.
        var flowTimes: [Double] = []
        var activeTotal = 0.0, flowTotal = 0.0
        var distribution: [WorkItemType: Int] = [:]
        var timePerStage = [[Double]](repeating: [], count: stageCount)
        var leftForward = [Int](repeating: 0, count: stageCount), left = [Int](repeating: 0, count: stageCount)
        for item in finishedItems(finished) {
            let journey = item.journey
            distribution[journey.item.type, default: 0] += 1
            flowTimes.append(item.flowTime)
            flowTotal += item.flowTime
            activeTotal += item.activeTime
            for stage in 0..<stageCount where item.visited[stage] && !map.stages[stage].isDone { timePerStage[stage].append(item.perStage[stage]) }
            // Once per item and stage: did it leave the stage the first time forward, and never
            // come back?
            for stage in 0..<stageCount {
                guard let first = journey.visits.firstIndex(where: { $0.stage == stage }), first + 1 < journey.visits.count else { continue }
                left[stage] += 1
                let returns = journey.visits[(first + 1)...].contains { $0.stage == stage }
                if journey.visits[first + 1].stage > stage && !returns { leftForward[stage] += 1 }
            }
        }
        let waitingTotal = (0..<stageCount).filter { map.stages[$0].kind == .waiting && !map.stages[$0].isBacklog && !map.stages[$0].isDone }
            .reduce(0.0) { $0 + timePerStage[$1].reduce(0, +) }

        // In progress at the end of the window.
        let end = window.to
        var ages = [[Double]](repeating: [], count: stageCount)
        var inProgress = 0
        for journey in journeys {
            guard let started = journey.startedAt, started < end, !(journey.doneAt.map { $0 < end } ?? false) else { continue }
            inProgress += 1
            if let visit = journey.visits.last(where: { $0.enteredAt < end }) {
                ages[visit.stage].append(end.timeIntervalSince(visit.enteredAt))
            }
        }

        var stages: [FlowReport.Stage] = []
        for (index, definition) in map.stages.enumerated() {
            let total = timePerStage[index].reduce(0, +)
            let isWaiting = definition.kind == .waiting && !definition.isBacklog && !definition.isDone
            stages.append(FlowReport.Stage(
                definition: definition, time: FlowReport.Percentiles(timePerStage[index]), totalSeconds: total,
                waitingShare: isWaiting && waitingTotal > 0 ? Self.rounded(total / waitingTotal) : nil,
                completeAndAccurate: left[index] > 0 && !definition.isDone ? Self.rounded(Double(leftForward[index]) / Double(left[index])) : nil,
                inProgress: definition.isDone ? 0 : ages[index].count, currentAgeP50Seconds: Percentile.of(ages[index], 0.5)
            ))
        }
        let constraint = stages.filter { $0.waitingShare != nil && $0.totalSeconds > 0 }.max { $0.totalSeconds < $1.totalSeconds }
            .map { ($0.definition.name, $0.waitingShare!) }

        // Load, the cumulative flow diagram, Little's law.
        let days = dailySamples(journeys, window: window)
        let averageLoad = days.isEmpty ? nil : Self.rounded(Double(days.map(\.load).reduce(0, +)) / Double(days.count))
        let throughput = window.lengthInDays > 0 ? Double(finished.count) / window.lengthInDays : 0
        let meanFlowTime = flowTimes.isEmpty ? nil : flowTotal / Double(flowTimes.count)

        return FlowReport(
            scope: scope, window: window, completed: finished.count, flowTime: FlowReport.Percentiles(flowTimes),
            meanFlowTimeSeconds: meanFlowTime, flowEfficiency: flowTotal > 0 ? Self.rounded(activeTotal / flowTotal) : nil,
            averageLoad: averageLoad, throughputPerDay: Self.rounded(throughput),
            impliedLoad: meanFlowTime.map { Self.rounded(throughput * $0 / 86_400) }, distribution: distribution,
            stages: stages, constraint: constraint, pullRequests: breakdown(links, window: window), days: days, inProgress: inProgress
        )
    }

    /// A finished item's times: flow time (from leaving the backlog), active time, and the
    /// total time in each stage it visited.
    public struct FinishedItem: Sendable {
        public var journey: WorkItemJourney
        public var flowTime: Double
        public var activeTime: Double
        public var perStage: [Double]
        public var visited: [Bool]
    }

    /// The times of journeys that are done.
    public func finishedItems(_ journeys: [WorkItemJourney]) -> [FinishedItem] {
        journeys.compactMap { journey in
            guard let done = journey.doneAt else { return nil }
            var item = FinishedItem(
                journey: journey, flowTime: done.timeIntervalSince(journey.startedAt ?? journey.item.createdAt), activeTime: 0,
                perStage: [Double](repeating: 0, count: map.stages.count), visited: [Bool](repeating: false, count: map.stages.count)
            )
            for (stage, seconds) in journey.visitDurations(until: done, map: map) {
                item.perStage[stage] += seconds
                item.visited[stage] = true
                if map.stages[stage].kind == .active && !map.stages[stage].isBacklog { item.activeTime += seconds }
            }
            return item
        }
    }

    /// Items per stage and load at the start of each day, from each journey's visits: every
    /// visit adds one to its stage over the days it spans (a running sum over day boundaries).
    private func dailySamples(_ journeys: [WorkItemJourney], window: DateWindow) -> [FlowReport.FlowDay] {
        let dayCount = Int((window.to.timeIntervalSince(window.from) / 86_400).rounded(.up))
        guard dayCount > 0 else { return [] }
        let stageCount = map.stages.count
        // changes[day][stage]: how the count of a stage changes at that day's sample.
        var changes = [[Int]](repeating: [Int](repeating: 0, count: stageCount), count: dayCount + 1)
        var loadChanges = [Int](repeating: 0, count: dayCount + 1)
        /// The first sample at or after `date` (0 ... dayCount).
        func sample(atOrAfter date: Date) -> Int {
            let offset = date.timeIntervalSince(window.from) / 86_400
            return min(max(Int(offset.rounded(.up)), 0), dayCount)
        }
        for journey in journeys {
            if let done = journey.doneAt, done < window.from { continue }
            for (index, visit) in journey.visits.enumerated() {
                let first = sample(atOrAfter: visit.enteredAt)
                let last = index + 1 < journey.visits.count ? sample(atOrAfter: journey.visits[index + 1].enteredAt) : dayCount
                guard first < last else { continue }
                changes[first][visit.stage] += 1
                changes[last][visit.stage] -= 1
            }
            if let started = journey.startedAt {
                let first = sample(atOrAfter: started)
                let last = journey.doneAt.map(sample(atOrAfter:)) ?? dayCount
                if first < last {
                    loadChanges[first] += 1
                    loadChanges[last] -= 1
                }
            }
        }
        var days: [FlowReport.FlowDay] = []
        var counts = [Int](repeating: 0, count: stageCount)
        var load = 0
        for day in 0..<dayCount {
            for stage in 0..<stageCount { counts[stage] += changes[day][stage] }
            load += loadChanges[day]
            days.append(FlowReport.FlowDay(day: window.from.addingTimeInterval(Double(day) * 86_400), itemsPerStage: counts, load: load))
        }
        return days
    }

    private func breakdown(_ links: CodeLinksSummary, window: DateWindow) -> FlowReport.PullRequestBreakdown {
        var coding: [Double] = [], pickup: [Double] = [], review: [Double] = [], toDeploy: [Double] = []
        for (pullRequest, _, deployedAt) in links.pullRequests {
            guard let merged = pullRequest.mergedAt, window.contains(merged) else { continue }
            let opened = pullRequest.openedAt
            if let first = pullRequest.firstCommitAt, opened != .distantFuture { coding.append(max(0, opened.timeIntervalSince(first))) }
            if let reviewed = pullRequest.firstReviewAt {
                if opened != .distantFuture { pickup.append(max(0, reviewed.timeIntervalSince(opened))) }
                review.append(max(0, merged.timeIntervalSince(reviewed)))
            }
            if let deployedAt { toDeploy.append(max(0, deployedAt.timeIntervalSince(merged))) }
        }
        return FlowReport.PullRequestBreakdown(
            coding: FlowReport.Percentiles(coding), pickup: FlowReport.Percentiles(pickup),
            review: FlowReport.Percentiles(review), mergeToDeploy: FlowReport.Percentiles(toDeploy)
        )
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

/// The code side of flow that the report keeps: merged pull requests and when they reached
/// production.
public struct CodeLinksSummary: Sendable {
    var pullRequests: [(pullRequest: PullRequest, service: String, deployedAt: Date?)]
}
