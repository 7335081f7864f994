import Dashboard
import DeliveryMetrics
import Foundation
import Testing
import ValueStreamModel

let start = Date(timeIntervalSince1970: 1_772_366_400) // 2026-03-01 12:00
let week = DateWindow(from: start, to: start.addingTimeInterval(7 * 86_400))

func fact(_ id: String, service: String = "cart", hour: Double, succeeded: Bool = true, isFirst: Bool = false, leadTimes: [Double] = [7_200],
          rework: Bool = false, rolledBackAt: Date? = nil) -> DeploymentFact {
    DeploymentFact(
        key: EventKey(source: "t", kind: .deployment, id: id), service: service, sha: "s", finishedAt: start.addingTimeInterval(hour * 3_600),
        succeeded: succeeded, isFirst: isFirst, changeCount: leadTimes.count, leadTimes: isFirst ? [] : leadTimes, hasLinkedChange: true,
        isRework: rework, rolledBackAt: rolledBackAt
    )
}

func report(_ scope: MetricScope, deployments: Int, window: DateWindow = week) -> DoraReport {
    let facts = (0..<deployments).map { fact("\(scope.name)-\($0)", service: scope.name, hour: Double($0), isFirst: $0 == 0) }
    return DoraReportBuilder(levels: .dora2023).report(scope: scope, window: window, input: ReportInput(deployments: facts, attributions: [], incidents: []))
}

func trend(_ scope: MetricScope, deployments: Int, before: Int) -> ScopeTrend {
    ScopeTrend(report: report(scope, deployments: deployments), previous: report(scope, deployments: before), series: [report(scope, deployments: before), report(scope, deployments: deployments)])
}

@Suite("Dashboard: formatting, charts and pages")
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
        #expect(MetricFormatting.day(start) == "2026-03-01")
    }

    @Test func theOverviewShowsEachScopeWithItsLevelTrendAndChange() {
        let state = ViewState(window: week)
        let page = OverviewPage().render(
            organization: trend(.organization, deployments: 8, before: 4),
            scopes: [trend(MetricScope(kind: .team, name: "orion"), deployments: 8, before: 16), trend(MetricScope(kind: .service, name: "cart <beta>"), deployments: 0, before: 0)],
            state: state, localOnlyNotice: false, now: start
        )
        #expect(page.contains("<caption>Teams</caption>"))
        #expect(page.contains("<caption>Services</caption>"))
        #expect(!page.contains("<caption>Value streams</caption>"))
        #expect(page.contains(#"<a href="/team/orion?from=2026-03-01&amp;to=2026-03-08&amp;period=week">orion</a>"#))
        #expect(page.contains("cart &lt;beta&gt;")) // escaped
        #expect(page.contains("1.1/day"))
        #expect(page.contains("2.0 h"))
        #expect(page.contains(#"level level-elite">elite"#))
        // 8 deployments against 4 before: deployment frequency up 100%, better; orion halved, worse.
        #expect(page.contains(#"<span class="change better">▲ 100%</span>"#))
        #expect(page.contains(#"<span class="change worse">▼ 50%</span>"#))
        // The organisation's series: 4 deployments in the week before, 8 in this one.
        #expect(page.contains(#"aria-label="Deployment frequency trend: 4.0/week, 1.1/day""#))
        #expect(page.contains(#"<svg class="spark""#))
        #expect(!page.contains("Local-only mode"))
        #expect(page.contains("2026-03-01 – 2026-03-08"))
        #expect(page.contains(#"name="from" value="2026-03-01""#))
    }

    @Test func aTrendChartMarksEveryValueAndLeavesGaps() {
        let chart = TrendChart(
            title: "Lead time", labels: ["w1", "w2", "w3", "w4"],
            series: [ChartSeries(name: "p50", values: [3_600, nil, 7_200, 5_400], style: "series-a")],
            unit: .duration, style: .lines
        )
        let svg = chart.svg()
        #expect(svg.components(separatedBy: "<circle class=\"point series-a\"").count - 1 == 3)
        #expect(svg.components(separatedBy: "M").count - 1 == 2, "a new segment after the gap")
        #expect(svg.contains("<title>w3 · p50: 2.0 h</title>"))
        // Four round steps of 30 min up to 2 h.
        #expect(svg.contains(">2.0 h</text>") && svg.contains(">30 min</text>"))
        let table = chart.table()
        #expect(table.contains(#"<tr><th scope="row">w2</th><td>–</td></tr>"#))
        #expect(table.contains(#"<tr><th scope="row">w4</th><td>1.5 h</td></tr>"#))
    }

    @Test func theScopePageDrawsTimelineAndDistributions() {
        let scope = MetricScope(kind: .service, name: "cart")
        let facts = [
            fact("d1", hour: 1, isFirst: true),
            fact("d2", hour: 20, leadTimes: [1_800, 30_000], rolledBackAt: start.addingTimeInterval(21 * 3_600)),
            fact("d3", hour: 21, leadTimes: [], rework: true),
            fact("d4", hour: 30, succeeded: false, leadTimes: []),
        ]
        let input = ReportInput(deployments: facts, attributions: [], incidents: [
            Incident(key: EventKey(source: "t", kind: .incident, id: "i1"), services: ["cart"], openedAt: start.addingTimeInterval(40 * 3_600), title: "checkout down"),
        ])
        let builder = DoraReportBuilder(levels: .dora2023)
        let report = builder.report(scope: scope, window: week, input: input)
        let page = ScopePage().render(
            trend: ScopeTrend(report: report, previous: builder.report(scope: scope, window: week, input: ReportInput(deployments: [], attributions: [], incidents: [])), series: [report]),
            timeline: DeploymentTimeline(window: week, input: input), services: ["cart"], state: ViewState(window: week), now: start
        )
        #expect(page.contains(#"class="deploy point failed""#))
        #expect(page.contains(#"class="deploy point rework""#))
        #expect(page.contains(#"class="deploy point attempt""#))
        #expect(page.components(separatedBy: #"class="deploy point success""#).count - 1 == 1)
        #expect(page.contains(#"<rect class="incident point""#))
        #expect(page.contains("checkout down: opened 2026-03-03 04:00, open, not attributed"))
        // Lead times 30 min and 8.3 h: one in "< 1 h", one in "4–24 h".
        #expect(page.contains(#"<tr><th scope="row">&lt; 1 h</th><td>1</td></tr>"#))
        #expect(page.contains(#"<tr><th scope="row">4–24 h</th><td>1</td></tr>"#))
        #expect(page.contains("Lead time distribution (2 changes)"))
        #expect(page.contains("<h1>cart · service</h1>"))
    }

    @Test func badgesCarryTheFigureAndItsLevelColour() {
        let badge = Badge.svg(metric: DashboardMetric.named("lead-time")!, report: report(MetricScope(kind: .team, name: "orion"), deployments: 8))
        #expect(badge.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(badge.contains("lead time for changes: 2.0 h"))
        #expect(badge.contains("#0b6e4f"), "elite is green")
        #expect(DashboardMetric.named("happiness") == nil)
    }

    @Test func theWallIsLargeAndRefreshesWithoutNavigation() {
        let page = WallPage().render(trend: trend(MetricScope(kind: .team, name: "orion"), deployments: 8, before: 8), days: 30, now: start)
        #expect(page.contains(#"<meta http-equiv="refresh" content="60">"#))
        #expect(!page.contains("<nav"))
        #expect(page.contains("<h1>orion · last 30 days</h1>"))
        #expect(page.contains("no change"))
    }
}
