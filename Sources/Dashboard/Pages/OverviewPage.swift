import DeliveryMetrics
import Foundation
import ValueStreamModel

/// The organisation overview at `/`: the DORA five of the organisation, each value stream, team
/// and service, each with its level, a sparkline of its trend, and the change since the window
/// before.
public struct OverviewPage: Sendable {
    let renderer: PageRenderer

    public init(renderer: PageRenderer = PageRenderer()) {
        self.renderer = renderer
    }

    /// `organization` first, then the other scopes in display order.
    public func render(organization: ScopeTrend, scopes: [ScopeTrend], state: ViewState, localOnlyNotice: Bool, now: Date) -> String {
        let sections: [(ScopeKind?, String)] = [(nil, "Organisation"), (.valueStream, "Value streams"), (.team, "Teams"), (.service, "Services")]
        var context = renderer.pageContext(
            title: "Delivery overview", heading: "Delivery overview", state: state, path: "/",
            benchmark: organization.report.benchmark, now: now
        )
        context["localOnly"] = localOnlyNotice
        context["generatedAt"] = RFC3339.string(from: now)
        context["sections"] = sections.compactMap { kind, title -> [String: Any]? in
            let trends = kind == nil ? [organization] : scopes.filter { $0.report.scope.kind == kind }
            guard !trends.isEmpty else { return nil }
            return ["title": title, "metrics": DashboardMetric.all.map(\.title), "rows": trends.map { row($0, state: state) }]
        }
        return renderer.render("overview", context)
    }

    func row(_ trend: ScopeTrend, state: ViewState) -> [String: Any] {
        [
            "name": trend.report.scope.kind == .organization ? "Organisation" : trend.report.scope.name,
            "href": "\(trend.path)?\(state.query)",
            "cells": DashboardMetric.all.map { PageRenderer.figure($0, trend) },
        ]
    }
}
