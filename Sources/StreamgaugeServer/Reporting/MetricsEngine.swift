import DeliveryMetrics
import EventStore
import Foundation
import ValueStreamModel

/// Answers metric questions: brings stale services' links up to date, then sums the stored facts
/// of a scope up. Linking happens once per change of a service's history, not per question.
public struct MetricsEngine: Sendable {
    public let store: any EventStore
    public let organization: OrganizationMap
    public let settings: MetricsSettings
    private let refresher: LinkRefresher

    public init(store: any EventStore, organization: OrganizationMap, settings: MetricsSettings) {
        self.store = store
        self.organization = organization
        self.settings = settings
        refresher = LinkRefresher(store: store, organization: organization, linker: DeploymentLinker(settings: settings))
    }

    /// Relinks every stale service; returns how many were relinked.
    @discardableResult
    public func refreshLinks() async throws -> Int {
        try await refresher.refresh()
    }

    /// The facts of `services` over `window` once every service is linked: in one read of the
    /// store when nothing is stale (a report's usual case), else after relinking.
    private func linkedReportInput(services: [String], window: DateWindow) async throws -> ReportInput {
        try await afterLinking(
            ifLinked: { try await store.reportInputIfLinked(services: services, window: window) },
            otherwise: { try await store.reportInput(services: services, window: window) }
        )
    }

    /// What `ifLinked` reads when no service is stale (told in the same look at the store), else
    /// what `read` reads after relinking.
    private func afterLinking<Input>(
        ifLinked: () async throws -> Input?, otherwise read: () async throws -> Input
    ) async throws -> Input {
        if let input = try await ifLinked() { return input }
        try await refreshLinks()
        return try await read()
    }

    /// The report of one scope over one window, from the days the store keeps summed and the
    /// facts around them.
    public func report(scope: MetricScope, window: DateWindow) async throws -> DoraReport {
        let services = try await services(in: scope)
        let input = try await afterLinking(
            ifLinked: { try await store.windowReportInputIfLinked(services: services, window: window) },
            otherwise: { try await store.windowReportInput(services: services, window: window) }
        )
        return DoraReportBuilder(levels: settings.levels).report(scope: scope, summed: input)
    }

    /// Reports of many scopes over one window, from a single read of the store (the overview
    /// pages): each scope sums the facts of its own services.
    public func reports(for scopes: [MetricScope], window: DateWindow) async throws -> [DoraReport] {
        let known = try await store.knownServices()
        let all = organization.services(in: .organization, known: known)
        let input = try await linkedReportInput(services: all, window: window)
        let builder = DoraReportBuilder(levels: settings.levels)
        let prepared = OrganizationReportInput(input)
        return scopes.map { scope in
            builder.report(scope: scope, window: window, prepared: prepared.scoped(to: organization.services(in: scope, known: known)))
        }
    }

    /// For each scope: the report over the window, over the window of the same length before
    /// it, and per period (the pages' trends), from a single read of the store.
    public func trends(for scopes: [MetricScope], window: DateWindow, period: SeriesPeriod) async throws -> [ScopeTrend] {
        try await trendsAndInput(for: scopes, window: window, period: period).trends
    }

    /// One scope's trend with its deployments and incidents, deployment by deployment, from the
    /// same read.
    public func detail(scope: MetricScope, window: DateWindow, period: SeriesPeriod) async throws -> (trend: ScopeTrend, timeline: DeploymentTimeline, services: [String]) {
        let services = try await services(in: scope)
        let (trends, input) = try await trendsAndInput(for: [scope], window: window, period: period)
        return (trends[0], DeploymentTimeline(window: window, input: input), services)
    }

    /// Reads the facts of the scopes' services only, over the window, the one before it and the
    /// periods around it.
    private func trendsAndInput(for scopes: [MetricScope], window: DateWindow, period: SeriesPeriod) async throws -> (trends: [ScopeTrend], input: ReportInput) {
        let known = try await store.knownServices()
        let previous = DateWindow(from: window.from.addingTimeInterval(-window.to.timeIntervalSince(window.from)), to: window.from)
        let periods = period.periods(covering: window)
        let span = DateWindow(from: min(previous.from, periods.first?.from ?? window.from), to: max(window.to, periods.last?.to ?? window.to))
        let servicesByScope = scopes.map { organization.services(in: $0, known: known) }
        let input = try await linkedReportInput(services: Set(servicesByScope.joined()).sorted(), window: span)
        let builder = DoraReportBuilder(levels: settings.levels)
        let prepared = OrganizationReportInput(input)
        let trends = zip(scopes, servicesByScope).map { scope, services in
            let scoped = prepared.scoped(to: services)
            return ScopeTrend(
                report: builder.report(scope: scope, window: window, prepared: scoped),
                previous: builder.report(scope: scope, window: previous, prepared: scoped),
                series: periods.map { builder.report(scope: scope, window: $0, prepared: scoped) }
            )
        }
        return (trends, input)
    }

    /// One report per calendar period covering the window.
    public func series(scope: MetricScope, window: DateWindow, period: SeriesPeriod) async throws -> [DoraReport] {
        _ = try await services(in: scope)
        return try await series(for: [scope], window: window, period: period)[0]
    }

    /// Each scope's reports per calendar period covering the window (the trend charts of many
    /// scopes), from a single read of the scopes' services.
    public func series(for scopes: [MetricScope], window: DateWindow, period: SeriesPeriod) async throws -> [[DoraReport]] {
        let periods = period.periods(covering: window)
        guard let first = periods.first, let last = periods.last else { return scopes.map { _ in [] } }
        let known = try await store.knownServices()
        let servicesByScope = scopes.map { organization.services(in: $0, known: known) }
        let input = try await linkedReportInput(services: Set(servicesByScope.joined()).sorted(), window: DateWindow(from: first.from, to: last.to))
        let builder = DoraReportBuilder(levels: settings.levels)
        let prepared = OrganizationReportInput(input)
        return zip(scopes, servicesByScope).map { scope, services in
            let scoped = prepared.scoped(to: services)
            return periods.map { builder.report(scope: scope, window: $0, prepared: scoped) }
        }
    }

    /// The flow figures and value stream map of a scope: its value stream's map (or the default).
    public func flow(scope: MetricScope, window: DateWindow) async throws -> FlowReport {
        let (input, map) = try await flowInput(scope: scope)
        return FlowReportBuilder(map: map, settings: settings).report(scope: scope, window: window, input: input)
    }

    /// Flow reports of many scopes from one organisation-wide reading (with the default map):
    /// for the Prometheus gauges.
    public func flowReports(for scopes: [MetricScope], window: DateWindow) async throws -> [FlowReport] {
        let (input, _) = try await flowInput(scope: .organization)
        let builder = FlowReportBuilder(map: settings.defaultFlowMap, settings: settings)
        let (journeys, links) = builder.journeys(input)
        let known = try await store.knownServices()
        return scopes.map { scope in
            scope.kind == .organization
                ? builder.report(scope: scope, window: window, journeys: journeys, links: links)
                : builder.report(scope: scope, window: window, journeys: journeys, links: links, services: Set(organization.services(in: scope, known: known)))
        }
    }

    /// What flow figures read for a scope, and the map they use.
    func flowInput(scope: MetricScope) async throws -> (FlowInput, FlowMap) {
        let services = try await services(in: scope)
        var histories: [ServiceHistory] = []
        for service in services { histories.append(try await store.history(of: service)) }
        let workItems = try await store.events(ofKind: .workItem).compactMap { if case .workItem(let item) = $0 { item } else { nil } }
        let map = flowMap(of: scope)
        // Pipeline runs are many; they are read only when the map has a stage they start.
        let usesPipelines = map.stages.contains { $0.milestones.contains("pipelinePassed") }
        var runs: [PipelineRun] = []
        if usesPipelines {
            runs = try await store.events(ofKind: .pipelineRun).compactMap { if case .pipelineRun(let run) = $0 { run } else { nil } }
        }
        return (FlowInput(histories: histories, workItems: workItems, pipelineRuns: runs, includesUnassignedItems: scope.kind == .organization), map)
    }

    /// An experiment's verdict: its window against the baseline of the same length before it.
    public func verdict(of experiment: Experiment, now: Date = Date()) async throws -> ExperimentVerdict {
        let services = try await services(in: experiment.scope)
        let window = experiment.window(now: now), baseline = experiment.baseline(now: now)
        let input = PreparedReportInput(try await linkedReportInput(services: services, window: DateWindow(from: baseline.from, to: window.to)))
        var flow: FlowReportBuilder?
        var journeys: [WorkItemJourney] = []
        if experiment.metric == .flowTime {
            let (flowInput, map) = try await flowInput(scope: experiment.scope)
            let builder = FlowReportBuilder(map: map, settings: settings)
            journeys = builder.journeys(flowInput).journeys
            flow = builder
        }
        return ExperimentVerdict.judge(
            experiment.metric, expected: experiment.expected,
            baseline: ExperimentSampler.sample(experiment, window: baseline, input: input, flow: flow, journeys: journeys),
            experiment: ExperimentSampler.sample(experiment, window: window, input: input, flow: flow, journeys: journeys),
            baselineWindow: baseline, window: window
        )
    }

    /// One report per iteration of an improvement programme: `count` windows of `days` each
    /// from `start`.
    public func iterations(scope: MetricScope, start: Date, days: Double, count: Int) async throws -> [DoraReport] {
        let services = try await services(in: scope)
        let windows = (0..<count).map { DateWindow(from: start.addingTimeInterval(Double($0) * days * 86_400), to: start.addingTimeInterval(Double($0 + 1) * days * 86_400)) }
        guard let last = windows.last else { return [] }
        let input = PreparedReportInput(try await linkedReportInput(services: services, window: DateWindow(from: start, to: last.to)))
        let builder = DoraReportBuilder(levels: settings.levels)
        return windows.map { builder.report(scope: scope, window: $0, prepared: input) }
    }

    /// The value stream map a scope is measured against.
    public func flowMap(of scope: MetricScope) -> FlowMap {
        switch scope.kind {
        case .valueStream: settings.flowMap(ofValueStream: scope.name)
        case .team: settings.flowMap(ofValueStream: organization.valueStream(ofTeam: scope.name))
        case .service: settings.flowMap(ofValueStream: organization.valueStream(ofService: scope.name))
        case .organization: settings.defaultFlowMap
        }
    }

    /// The services a scope covers; throws when the scope names nothing known.
    public func services(in scope: MetricScope) async throws -> [String] {
        // A configured service needs no look at the store (the one-service report's path).
        if scope.kind == .service, organization.configures(service: scope.name) { return [scope.name] }
        let known = try await store.knownServices()
        guard organization.knows(scope, known: known) else {
            throw UnknownScopeError(scope: scope)
        }
        return organization.services(in: scope, known: known)
    }

    /// Every scope of the organisation, for overviews: value streams, teams and services.
    public func scopes() async throws -> [MetricScope] {
        let known = try await store.knownServices()
        let services = Set(known).union(organization.services.map(\.name)).sorted()
        return organization.valueStreamNames.map { MetricScope(kind: .valueStream, name: $0) }
            + organization.teamNames.map { MetricScope(kind: .team, name: $0) }
            + services.map { MetricScope(kind: .service, name: $0) }
    }
}

/// A report was asked for a scope that names no known service, team or value stream.
public struct UnknownScopeError: Error, CustomStringConvertible, Sendable {
    public var scope: MetricScope

    public var description: String {
        switch scope.kind {
        case .service: "no service named \"\(scope.name)\" has any event or configuration"
        case .team: "no team named \"\(scope.name)\" is configured"
        case .valueStream: "no value stream named \"\(scope.name)\" is configured"
        case .organization: "the organisation is unknown"
        }
    }
}

/// Relinks stale services one refresh at a time per process: a caller arriving during a refresh
/// waits for it, then runs its own (which finds only what went stale since, usually nothing). Several processes sharing a store may relink the
/// same service at once; both write the same facts, and a stale mark is cleared only for the
/// generation that was linked. A cancelled caller's refresh stops before its next service (a
/// server shutting down does not first relink a whole store); what it did not reach stays stale.
actor LinkRefresher {
    private let store: any EventStore
    private let organization: OrganizationMap
    private let linker: DeploymentLinker
    private var running: Task<Int, any Error>?

    init(store: any EventStore, organization: OrganizationMap, linker: DeploymentLinker) {
        self.store = store
        self.organization = organization
        self.linker = linker
    }

    func refresh() async throws -> Int {
        if let running { _ = try? await running.value }
        let task = Task { [store, organization, linker] in
            var relinked = 0
            for stale in try await store.staleServices() {
                try Task.checkCancellation()
                var history = try await store.history(of: stale.service)
                for repository in Set(history.commits.map(\.repository)) {
                    let paths = organization.paths(ofService: stale.service, inRepository: repository)
                    if !paths.isEmpty { history.pathFilters[repository] = paths }
                }
                try await store.saveLinks(linker.link(history), resolving: stale)
                relinked += 1
            }
            return relinked
        }
        running = task
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}
