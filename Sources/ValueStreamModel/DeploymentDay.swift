import Foundation

/// What a set of one service's production deployments adds up to, before incidents are blamed:
/// the figures of a report that depend on nothing but the deployments themselves. Incident
/// blame can change when another service is relinked (an incident of two services is blamed on
/// its best candidate among both), so failures are never summed here.
public struct DeploymentSums: Sendable, Hashable {
    /// Successful deployments.
    public var successes = 0
    /// Deployments that did not succeed.
    public var failedAttempts = 0
    /// Successful deployments that roll back another or remediate incidents.
    public var rework = 0
    /// Lead times below zero dropped, over the successful deployments.
    public var negativeLeadTimes = 0
    /// Commits the graph walks needed and did not know, over the successful deployments.
    public var unknownCommits = 0
    /// Successful deployments whose sha is no known commit.
    public var withoutLinkedChange = 0
    /// The lead times of the successful deployments.
    public var leadTimes: [Double] = []
    /// The change count of each successful deployment but the service's first.
    public var batchSizes: [Double] = []

    public init() {}

    /// Counts one deployment in.
    public mutating func add(_ deployment: DeploymentFact) {
        guard deployment.succeeded else {
            failedAttempts += 1
            return
        }
        successes += 1
        leadTimes.append(contentsOf: deployment.leadTimes)
        if !deployment.isFirst { batchSizes.append(Double(deployment.changeCount)) }
        negativeLeadTimes += deployment.negativeLeadTimes
        unknownCommits += deployment.unknownCommits
        if !deployment.hasLinkedChange { withoutLinkedChange += 1 }
        if deployment.isRework { rework += 1 }
    }

    /// Counts the counts of `other` in; its values are left to the caller (a report keeps each
    /// day's sorted values apart and selects among them).
    public mutating func addCounts(of other: DeploymentSums) {
        successes += other.successes
        failedAttempts += other.failedAttempts
        rework += other.rework
        negativeLeadTimes += other.negativeLeadTimes
        unknownCommits += other.unknownCommits
        withoutLinkedChange += other.withoutLinkedChange
    }
}

/// One service's deployments of one UTC day (the service is the one linked, so it is not
/// repeated here), summed when the service is linked and kept by the store: a report over whole days reads a row per day instead of a fact per deployment (a busy
/// service deploys a dozen times a day), and selects its percentiles among the days' sorted
/// values. Exactly what the day's facts would give: nothing is approximated.
public struct DeploymentDay: Sendable, Hashable {
    /// The length of a day, in seconds.
    public static let length: TimeInterval = 86_400

    /// Days since 1970-01-01 (UTC).
    public var day: Int
    /// The day's sums, with `leadTimes` and `batchSizes` sorted ascending.
    public var sums: DeploymentSums

    public init(day: Int, sums: DeploymentSums) {
        self.day = day
        self.sums = sums
    }

    /// When day `day` begins.
    public static func start(of day: Int) -> Date {
        Date(timeIntervalSince1970: Double(day) * length)
    }

    /// The day `date` falls on, decided by comparing dates, as a window does: so that a fact a
    /// window holds is always in one of the window's days and never in a day outside it.
    public static func day(of date: Date) -> Int {
        var day = Int((date.timeIntervalSince1970 / length).rounded(.down))
        if date < start(of: day) { day -= 1 }
        if date >= start(of: day + 1) { day += 1 }
        return day
    }

    /// The days wholly inside `window`; empty when it holds none.
    public static func wholeDays(in window: DateWindow) -> Range<Int> {
        var first = day(of: window.from)
        if start(of: first) < window.from { first += 1 }
        let end = day(of: window.to)  // the day `to` falls on is not whole inside
        return first < end ? first..<end : first..<first
    }

    /// The days of one service's `deployments`, in day order, values sorted.
    public static func days(of deployments: [DeploymentFact]) -> [DeploymentDay] {
        var sumsByDay: [Int: DeploymentSums] = [:]
        for deployment in deployments {
            sumsByDay[day(of: deployment.finishedAt), default: DeploymentSums()].add(deployment)
        }
        return sumsByDay.keys.sorted().map { day in
            var sums = sumsByDay[day]!
            sums.leadTimes.sort()
            sums.batchSizes.sort()
            return DeploymentDay(day: day, sums: sums)
        }
    }
}

/// Whole days added up for a report: their counts summed, and their lead times and batch sizes
/// kept as one sorted run per day, for percentiles to select among.
public struct SummedDays: Sendable, Hashable {
    /// The counts of every day (its `leadTimes` and `batchSizes` stay empty).
    public var counts = DeploymentSums()
    public var leadTimes = SortedRuns()
    public var batchSizes = SortedRuns()

    public init() {}

    public mutating func add(_ day: DeploymentDay) {
        counts.addCounts(of: day.sums)
        leadTimes.append(sorted: day.sums.leadTimes)
        batchSizes.append(sorted: day.sums.batchSizes)
    }
}

extension ServiceLinks {
    /// The service's deployments summed by day, as the store keeps them.
    public var days: [DeploymentDay] { DeploymentDay.days(of: deployments) }
}
