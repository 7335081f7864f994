import Dashboard
import DeliveryMetrics
import Foundation
import Testing
import ValueStreamModel

@Suite("Dashboard: formatting and the overview page")
struct DashboardTests {
    @Test func formatsFiguresForPeople() {
        #expect(MetricFormatting.duration(nil) == "–")
        #expect(MetricFormatting.duration(1_800) == "30 min")
        #expect(MetricFormatting.duration(5_400) == "1.5 h")
        #expect(MetricFormatting.duration(3 * 86_400) == "3.0 d")
        #expect(MetricFormatting.percent(0.0714) == "7.1%")
        #expect(MetricFormatting.perDay(2) == "2.0/day")
        #expect(MetricFormatting.perDay(3.0 / 7) == "3.0/week")
        #expect(MetricFormatting.perDay(0.1) == "3.0/month")
    }

    func report(_ scope: MetricScope, deployments: Int) -> DoraReport {
        let start = Date(timeIntervalSince1970: 1_772_366_400)
        let facts = (0..<deployments).map { index in
            DeploymentFact(
                key: EventKey(source: "t", kind: .deployment, id: "\(scope.name)-\(index)"), service: scope.name, sha: "s",
                finishedAt: start.addingTimeInterval(Double(index) * 3_600), succeeded: true, isFirst: index == 0,
                changeCount: 1, leadTimes: index == 0 ? [] : [7_200], hasLinkedChange: true
            )
        }
        return DoraReportBuilder(levels: .dora2023).report(
            scope: scope, window: DateWindow(from: start, to: start.addingTimeInterval(7 * 86_400)),
            input: ReportInput(deployments: facts, attributions: [], incidents: [])
        )
    }

    @Test func theOverviewShowsEachScopeWithItsLevels() {
        let page = OverviewPage().render(
            organization: report(.organization, deployments: 8),
            scopes: [report(MetricScope(kind: .team, name: "orion"), deployments: 8), report(MetricScope(kind: .service, name: "cart <beta>"), deployments: 0)],
            localOnlyNotice: false, generatedAt: Date(timeIntervalSince1970: 1_772_366_400)
        )
        #expect(page.contains("<caption>Teams</caption>"))
        #expect(page.contains("<caption>Services</caption>"))
        #expect(!page.contains("<caption>Value streams</caption>"))
        #expect(page.contains(#"<th scope="row">orion</th>"#))
        #expect(page.contains("cart &lt;beta&gt;")) // escaped
        #expect(page.contains("1.1/day"))
        #expect(page.contains("2.0 h"))
        #expect(page.contains(#"level level-elite">elite"#))
        #expect(page.contains(#"level level-none">none"#))
        #expect(!page.contains("Local-only mode"))
        #expect(page.contains("2026-03-01 – 2026-03-08"))
    }
}
