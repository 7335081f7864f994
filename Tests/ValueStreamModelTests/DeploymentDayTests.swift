import Foundation
import Testing
import ValueStreamModel

@Suite("Deployments summed by day")
struct DeploymentDayTests {
    func at(_ text: String) -> Date { RFC3339.date(from: text)! }

    @Test func aDayIsAUTCDayDecidedAsAWindowDecides() {
        let march2 = DeploymentDay.day(of: at("2026-03-02T00:00:00Z"))
        #expect(DeploymentDay.start(of: march2) == at("2026-03-02T00:00:00Z"))
        #expect(DeploymentDay.day(of: at("2026-03-02T23:59:59.999Z")) == march2)
        #expect(DeploymentDay.day(of: at("2026-03-01T23:59:59.999Z")) == march2 - 1)
        #expect(DeploymentDay.day(of: at("1969-12-31T12:00:00Z")) == -1)
        // Just below midnight by less than a float's step at this size once moved since 1970:
        // the day is the one a window comparing dates puts it in.
        let midnight = DeploymentDay.start(of: march2)
        let justBefore = Date(timeIntervalSinceReferenceDate: midnight.timeIntervalSinceReferenceDate.nextDown)
        #expect(justBefore < midnight)
        #expect(DeploymentDay.day(of: justBefore) == march2 - 1)
    }

    @Test func wholeDaysAreTheDaysInsideTheWindow() {
        let march1 = DeploymentDay.day(of: at("2026-03-01T00:00:00Z"))
        func days(_ from: String, _ to: String) -> Range<Int> {
            DeploymentDay.wholeDays(in: DateWindow(from: at(from), to: at(to)))
        }
        #expect(days("2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z") == march1..<(march1 + 7))
        #expect(days("2026-03-01T00:00:00.001Z", "2026-03-08T12:00:00Z") == (march1 + 1)..<(march1 + 7))
        #expect(days("2026-03-01T06:00:00Z", "2026-03-01T18:00:00Z").isEmpty)
        #expect(days("2026-03-01T06:00:00Z", "2026-03-02T18:00:00Z").isEmpty)
        #expect(days("2026-03-01T06:00:00Z", "2026-03-03T00:00:00Z") == (march1 + 1)..<(march1 + 2))
        #expect(days("2026-03-08T00:00:00Z", "2026-03-01T00:00:00Z").isEmpty)
    }

    @Test func aDaySumsItsDeploymentsAsAReportCountsThem() {
        func fact(_ id: String, _ time: String, succeeded: Bool = true, isFirst: Bool = false, changes: Int = 0,
                  leadTimes: [Double] = [], negative: Int = 0, unknown: Int = 0, linked: Bool = true, rework: Bool = false) -> DeploymentFact {
            DeploymentFact(
                key: EventKey(source: "api", kind: .deployment, id: id), service: "checkout", sha: id, finishedAt: at(time),
                succeeded: succeeded, isFirst: isFirst, changeCount: changes, leadTimes: leadTimes, negativeLeadTimes: negative,
                unknownCommits: unknown, hasLinkedChange: linked, isRework: rework
            )
        }
        let facts = [
            fact("d0", "2026-03-01T08:00:00Z", isFirst: true, changes: 9, linked: false),
            fact("d1", "2026-03-01T12:00:00Z", changes: 2, leadTimes: [300, 100], negative: 1),
            fact("x1", "2026-03-01T13:00:00Z", succeeded: false, changes: 5, leadTimes: [7], unknown: 4, linked: false),
            fact("d2", "2026-03-03T09:00:00Z", changes: 3, leadTimes: [50, 400, 20], unknown: 2, rework: true),
            fact("d3", "2026-03-03T23:00:00Z", changes: 1, leadTimes: [10]),
        ]
        let days = DeploymentDay.days(of: facts)
        let march1 = DeploymentDay.day(of: at("2026-03-01T00:00:00Z"))
        #expect(days.map(\.day) == [march1, march1 + 2])
        let first = days[0].sums
        #expect(first.successes == 2 && first.failedAttempts == 1 && first.rework == 0)
        #expect(first.negativeLeadTimes == 1 && first.unknownCommits == 0 && first.withoutLinkedChange == 1)
        #expect(first.leadTimes == [100, 300])
        #expect(first.batchSizes == [2], "the first deployment has no batch, a failed attempt counts nothing but itself")
        let third = days[1].sums
        #expect(third.successes == 2 && third.failedAttempts == 0 && third.rework == 1 && third.unknownCommits == 2)
        #expect(third.leadTimes == [10, 20, 50, 400])
        #expect(third.batchSizes == [1, 3])
        #expect(ServiceLinks(service: "checkout", deployments: facts, attributions: []).days == days)
    }
}
