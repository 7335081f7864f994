import DeliveryMetrics
import Foundation
import Hummingbird
import ValueStreamModel

/// `GET /api/v1/metrics` (one report, the JSON of METRICS.md), `GET /api/v1/metrics/series`
/// (weekly or monthly reports), `GET /api/v1/metrics/all` (every scope of a kind at once) and
/// `GET /api/v1/data-quality`.
struct MetricsController<Context: RequestContext>: Sendable {
    let engine: MetricsEngine
    let telemetry: ServerTelemetry
    /// Flow figures read every service's history: worked out at most once a minute for scrapes.
    let flowGauges = RecentValue<String>(maximumAge: .seconds(60))
    /// The trailing window of the Prometheus gauges.
    static var prometheusWindowDays: Int { 30 }

    /// `GET /metrics`: the DORA figures of every scope over the last 30 days as gauges, and the
    /// server's own ingest figures, in the Prometheus text format.
    func addPrometheusRoute(to group: RouterGroup<Context>) {
        group.get("metrics") { _, _ in
            let window = DateWindow.last(days: Self.prometheusWindowDays, endingAt: Date())
            let scopes = [.organization] + (try await engine.scopes())
            let reports = try await engine.reports(for: scopes, window: window)
            let flow = try await flowGauges.value {
                let reports = try await engine.flowReports(for: scopes, window: window)
                return DeliveryGauges.flowText(reports: reports, organization: engine.organization, windowDays: Self.prometheusWindowDays)
            }
            let text = DeliveryGauges.text(reports: reports, organization: engine.organization, windowDays: Self.prometheusWindowDays)
                + flow + telemetry.registry.emitToString()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text))
            )
        }
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("metrics") { request, context in
            let (scope, window) = try Self.scopeAndWindow(request)
            let report = try await engine.report(scope: scope, window: window)
            return JSONResponse.make(data: report.json.data())
        }
        group.get("metrics/series") { request, context in
            let (scope, window) = try Self.scopeAndWindow(request)
            let periodText = request.uri.queryParameters["period"].map(String.init) ?? "week"
            guard let period = SeriesPeriod(rawValue: periodText) else {
                throw APIError(.badRequest, "`period` must be `week` or `month`, not \"\(periodText)\"", field: "period")
            }
            let reports = try await engine.series(scope: scope, window: window, period: period)
            return JSONResponse.make(data: JSONValue.object([
                ("period", .string(period.rawValue)), ("reports", .array(reports.map(\.json))),
            ]).data())
        }
        group.get("metrics/all") { request, context in
            let (kind, window) = try Self.kindAndWindow(request)
            let scopes = try await engine.scopes().filter { $0.kind == kind }
            guard let periodText = request.uri.queryParameters["period"].map(String.init) else {
                let reports = try await engine.reports(for: scopes, window: window)
                return JSONResponse.make(data: JSONValue.object([("reports", .array(reports.map(\.json)))]).data())
            }
            guard let period = SeriesPeriod(rawValue: periodText) else {
                throw APIError(.badRequest, "`period` must be `week` or `month`, not \"\(periodText)\"", field: "period")
            }
            let series = try await engine.series(for: scopes, window: window, period: period)
            return JSONResponse.make(data: JSONValue.object([
                ("period", .string(period.rawValue)),
                ("series", .array(zip(scopes, series).map { scope, reports in
                    .object([("scope", scope.json), ("reports", .array(reports.map(\.json)))])
                })),
            ]).data())
        }
        group.get("flow") { request, context in
            let (scope, window) = try Self.scopeAndWindow(request)
            let report = try await engine.flow(scope: scope, window: window)
            return JSONResponse.make(data: report.json.data())
        }
        group.get("iterations") { request, context in
            let (scope, _) = try Self.scopeAndWindow(request)
            let plan = try IterationPlan(request)
            let reports = try await engine.iterations(scope: scope, start: plan.start, days: plan.days, count: plan.count)
            return JSONResponse.make(data: JSONValue.object([
                ("days", .number(plan.days)),
                ("iterations", .array(reports.enumerated().map { .object([("number", .integer($0.offset + 1)), ("report", $0.element.json)]) })),
            ]).data())
        }
        group.get("data-quality") { request, context in
            let (scope, window) = try Self.scopeAndWindow(request)
            let report = try await engine.report(scope: scope, window: window)
            return JSONResponse.make(data: report.dataQuality.json.data())
        }
    }

    /// `scope=service|team|valueStream` and the window of `metrics/all`.
    static func kindAndWindow(_ request: Request) throws -> (ScopeKind, DateWindow) {
        let kindText = request.uri.queryParameters["scope"].map(String.init) ?? "service"
        guard let kind = ScopeKind(parameter: kindText), kind != .organization else {
            throw APIError(.badRequest, "`scope` must be service, team or valueStream, not \"\(kindText)\"", field: "scope")
        }
        return (kind, try window(request))
    }

    static func window(_ request: Request) throws -> DateWindow {
        let parameters = request.uri.queryParameters
        do {
            return try WindowParser.window(from: parameters["from"].map(String.init), to: parameters["to"].map(String.init))
        } catch let error as WindowError {
            throw APIError(.badRequest, error.description, field: error.field)
        }
    }

    static func scopeAndWindow(_ request: Request) throws -> (MetricScope, DateWindow) {
        let parameters = request.uri.queryParameters
        let kindText = parameters["scope"].map(String.init) ?? "organization"
        guard let kind = ScopeKind(parameter: kindText) else {
            throw APIError(.badRequest, "`scope` must be service, team, valueStream or organization, not \"\(kindText)\"", field: "scope")
        }
        let scope: MetricScope
        if kind == .organization {
            scope = .organization
        } else {
            guard let name = parameters["name"].map(String.init), !name.isEmpty else {
                throw APIError(.badRequest, "`name` is required with scope=\(kind.rawValue)", field: "name")
            }
            scope = MetricScope(kind: kind, name: name)
        }
        return (scope, try window(request))
    }
}

/// A value worked out again only when the last one is older than `maximumAge`; callers arriving
/// while it is worked out wait for that one.
actor RecentValue<Value: Sendable> {
    let maximumAge: Duration
    private var latest: (value: Value, at: ContinuousClock.Instant)?
    private var pending: Task<Value, any Error>?

    init(maximumAge: Duration) {
        self.maximumAge = maximumAge
    }

    func value(_ compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let clock = ContinuousClock()
        if let latest, clock.now - latest.at < maximumAge { return latest.value }
        if let pending { return try await pending.value }
        let task = Task { try await compute() }
        pending = task
        defer { pending = nil }
        let value = try await task.value
        latest = (value, clock.now)
        return value
    }
}
