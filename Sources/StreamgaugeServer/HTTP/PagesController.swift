import Dashboard
import DeliveryMetrics
import Foundation
import Hummingbird
import ValueStreamModel

/// The server-rendered pages; every view's state is in its URL (`from`, `to`, `period`):
/// `/` the overview, `/service|team|value-stream/<name>` a scope, `/flow` the value stream map,
/// `/data-quality`, `/wall`, and
/// `/badge/<scope>/<name>/<metric>.svg`.
struct PagesController<Context: RequestContext>: Sendable {
    let engine: MetricsEngine
    let isLocalOnly: Bool
    let renderer = PageRenderer()

    func addRoutes(to router: Router<Context>) {
        router.get("/") { request, _ in
            let state = try Self.state(request)
            var trends = try await engine.trends(for: [.organization] + engine.scopes(), window: state.window, period: state.period)
            let organization = trends.removeFirst()
            return Self.html(OverviewPage(renderer: renderer).render(organization: organization, scopes: trends, state: state, localOnlyNotice: isLocalOnly, now: Date()))
        }
        for (segment, kind) in [("service", ScopeKind.service), ("team", .team), ("value-stream", .valueStream)] {
            router.get("/\(segment)/:name") { request, context in
                let scope = MetricScope(kind: kind, name: try context.parameters.require("name"))
                let state = try Self.state(request)
                let detail = try await engine.detail(scope: scope, window: state.window, period: state.period)
                let experiments = try await engine.store.experiments().filter { $0.scope == scope }
                return Self.html(ScopePage(renderer: renderer).render(trend: detail.trend, timeline: detail.timeline, services: detail.services, experiments: experiments, state: state, now: Date()))
            }
        }
        router.get("/data-quality") { request, _ in
            let (scope, state) = try Self.scopedState(request)
            let report = try await engine.report(scope: scope, window: state.window)
            return Self.html(DataQualityPage(renderer: renderer).render(report: report, sources: try await engine.store.sourceActivity(), state: state, now: Date()))
        }
        router.get("/flow") { request, _ in
            let (scope, state) = try Self.scopedState(request)
            let report = try await engine.flow(scope: scope, window: state.window)
            return Self.html(FlowPage(renderer: renderer).render(report: report, state: state, now: Date()))
        }
        router.get("/experiments") { _, _ in
            var rows: [(Experiment, ExperimentVerdict?)] = []
            for experiment in try await engine.store.experiments() { rows.append((experiment, try? await engine.verdict(of: experiment))) }
            return Self.html(ExperimentPages(renderer: renderer).list(rows, now: Date()))
        }
        router.get("/experiments/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let experiment = try await engine.store.experiments().first(where: { $0.id == id }) else { throw APIError(.notFound, "no experiment with id \(id)") }
            let now = Date()
            let verdict = try await engine.verdict(of: experiment, now: now)
            let span = DateWindow(from: verdict.baseline.from, to: verdict.window.to)
            let trend = try await engine.trends(for: [experiment.scope], window: span, period: .week)[0]
            let chart = ScopePage(renderer: renderer).chart(for: experiment, trend: trend, now: now)
            return Self.html(ExperimentPages(renderer: renderer).detail(experiment, verdict: verdict, trend: chart, now: now))
        }
        router.get("/iterations") { request, _ in
            let scope = try Self.scope(request)
            let plan = try IterationPlan(request)
            let reports = try await engine.iterations(scope: scope, start: plan.start, days: plan.days, count: plan.count)
            return Self.html(IterationsPage(renderer: renderer).render(scope: scope, reports: reports, start: plan.start, days: plan.days, now: Date()))
        }
        router.get("/wall") { request, _ in
            let parameters = request.uri.queryParameters
            let scope: MetricScope
            if let team = parameters["team"] { scope = MetricScope(kind: .team, name: String(team)) }
            else if let stream = parameters["value-stream"] { scope = MetricScope(kind: .valueStream, name: String(stream)) }
            else if let service = parameters["service"] { scope = MetricScope(kind: .service, name: String(service)) }
            else { scope = .organization }
            let days = Int(parameters["days"].map(String.init) ?? "") ?? 30
            guard (1...366).contains(days) else { throw APIError(.badRequest, "`days` must be 1 to 366", field: "days") }
            _ = try await engine.services(in: scope)
            let window = DateWindow.last(days: days, endingAt: Date())
            guard let trend = try await engine.trends(for: [scope], window: window, period: .week).first else { throw UnknownScopeError(scope: scope) }
            return Self.html(WallPage(renderer: renderer).render(trend: trend, days: days, now: Date()))
        }
        router.get("/badge/:scope/:name/:metric") { request, context in
            let kindText = try context.parameters.require("scope")
            let file = try context.parameters.require("metric")
            guard file.hasSuffix(".svg"), let metric = DashboardMetric.named(String(file.dropLast(4))) else {
                throw APIError(.notFound, "no badge \"\(file)\"; use one of \(DashboardMetric.all.map { "\($0.id).svg" }.joined(separator: ", "))")
            }
            let name = try context.parameters.require("name")
            guard let kind = ScopeKind(parameter: kindText == "value-stream" ? "valueStream" : kindText) else {
                throw APIError(.notFound, "no scope kind \"\(kindText)\"; use service, team, value-stream or organization")
            }
            let scope = kind == .organization ? MetricScope.organization : MetricScope(kind: kind, name: name)
            // The last 30 days unless the URL names a window.
            let parameters = request.uri.queryParameters
            let window = parameters["from"] == nil && parameters["to"] == nil ? DateWindow.last(days: 30, endingAt: Date()) : try Self.state(request).window
            let report = try await engine.report(scope: scope, window: window)
            return Response(
                status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Badge.svg(metric: metric, report: report)))
            )
        }
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The window and period of a page (default: the last 90 days, by week).
    static func state(_ request: Request) throws -> ViewState {
        let parameters = request.uri.queryParameters
        let window: DateWindow
        do {
            window = try WindowParser.window(from: parameters["from"].map(String.init), to: parameters["to"].map(String.init))
        } catch let error as WindowError {
            throw APIError(.badRequest, error.description, field: error.field)
        }
        let periodText = parameters["period"].map(String.init) ?? "week"
        guard let period = SeriesPeriod(rawValue: periodText) else {
            throw APIError(.badRequest, "`period` must be `week` or `month`, not \"\(periodText)\"", field: "period")
        }
        return ViewState(window: window, period: period)
    }

    /// The scope a page names (`scope`, `name`) and its state, which keeps them in every link.
    static func scopedState(_ request: Request) throws -> (MetricScope, ViewState) {
        let scope = try Self.scope(request)
        var state = try Self.state(request)
        if scope.kind != .organization {
            state.parameters = [("scope", scope.kind == .valueStream ? "value-stream" : scope.kind.rawValue), ("name", scope.name)]
        }
        return (scope, state)
    }

    static func scope(_ request: Request) throws -> MetricScope {
        let parameters = request.uri.queryParameters
        guard let kindText = parameters["scope"].map(String.init), kindText != "organization" else { return .organization }
        guard let kind = ScopeKind(parameter: kindText == "value-stream" ? "valueStream" : kindText),
              let name = parameters["name"].map(String.init), !name.isEmpty else {
            throw APIError(.badRequest, "`scope` must be service, team or value-stream, with a `name`", field: "scope")
        }
        return MetricScope(kind: kind, name: name)
    }
}
