import DeliveryMetrics
import EventStore
import Foundation
import Testing
import ValueStreamModel

func at(_ text: String) -> Date { RFC3339.date(from: text)! }

let organization = OrganizationMap(
    services: [ServiceDefinition(name: "checkout", team: "payments", repositories: [RepositoryMapping(repository: "github.com/acme/checkout")])],
    teams: [TeamDefinition(name: "payments", valueStream: "commerce")]
)

func commit(_ sha: String, parents: [String] = [], _ authored: String) -> DeliveryEvent {
    .commit(Commit(key: EventKey(source: "api", kind: .commit, id: sha), repository: "https://github.com/acme/checkout.git",
                   sha: sha, parents: parents, authoredAt: at(authored), committedAt: at(authored)))
}

func deployment(_ id: String, sha: String, _ finished: String, service: String = "checkout") -> DeliveryEvent {
    .deployment(Deployment(key: EventKey(source: "api", kind: .deployment, id: id), service: service, environment: "production",
                           sha: sha, finishedAt: at(finished), result: .success))
}

func incident(_ id: String, opened: String, resolved: String? = nil, services: [String] = ["checkout"]) -> DeliveryEvent {
    .incident(Incident(key: EventKey(source: "api", kind: .incident, id: id), services: services, openedAt: at(opened), resolvedAt: resolved.map(at)))
}

func request(_ text: String = "{}") -> RawRequest {
    RawRequest(channel: "native", headers: ["content-type": "application/json"], body: Data(text.utf8), receivedAt: at("2026-03-10T00:00:00Z"))
}

/// Relinks stale services the way the engine does, with no configuration.
func relink(_ store: any EventStore) async throws {
    let linker = DeploymentLinker(settings: MetricsSettings())
    for stale in try await store.staleServices() {
        try await store.saveLinks(linker.link(try await store.history(of: stale.service)), resolving: stale)
    }
}

let march = DateWindow(from: at("2026-03-01T00:00:00Z"), to: at("2026-04-01T00:00:00Z"))

@Suite("EventStore contract: every implementation behaves the same")
struct EventStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func ingestIsIdempotentByKey(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let events = [commit("a1", "2026-03-01T09:00:00Z"), deployment("d1", sha: "a1", "2026-03-01T15:00:00Z")].map { IncomingEvent($0) }
        let first = try await store.ingest(request(), events: events, organization: organization)
        #expect(first.accepted == 2 && first.duplicates == 0)
        let again = try await store.ingest(request(), events: events, organization: organization)
        #expect(again.accepted == 0 && again.duplicates == 2)
        #expect(again.sequence == first.sequence + 1)
        let statistics = try await store.statistics()
        #expect(statistics.events == ["commit": 1, "deployment": 1])
        #expect(statistics.archivedRequests == 2)
        #expect(try await store.archivedRequestCount() == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aChangedEventReplacesTheStoredOne(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.ingest(request(), events: [IncomingEvent(deployment("d1", sha: "a1", "2026-03-01T15:00:00Z"))], organization: organization)
        let receipt = try await store.ingest(request(), events: [IncomingEvent(deployment("d1", sha: "a2", "2026-03-02T15:00:00Z"))], organization: organization)
        #expect(receipt.accepted == 1)
        let history = try await store.history(of: "checkout")
        #expect(history.deployments.map(\.sha) == ["a2"])
    }

    /// Every field of a commit survives storage exactly: a re-sent commit is a duplicate, and
    /// a change in any field (here the message) replaces it. Fractional instants and a
    /// repository sent as a clone URL are the cases a store's columns alone would not keep.
    @Test(arguments: StoreKind.allCases)
    func aCommitKeepsEveryFieldExactly(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        func full(message: String) -> IncomingEvent {
            IncomingEvent(.commit(Commit(
                key: EventKey(source: "api", kind: .commit, id: "f1"), repository: "https://github.com/acme/checkout.git",
                sha: "f1", parents: ["e1", "e2"], authoredAt: at("2026-03-01T09:00:00.123Z"),
                committedAt: Date(timeIntervalSinceReferenceDate: 794_048_400.000_123), authorPseudonym: "p-1",
                message: message, workItemKeys: ["PAY-1", "PAY-2"], files: ["src/a.swift", "docs/b.md"]
            )))
        }
        #expect(try await store.ingest(request(), events: [full(message: "one")], organization: organization).accepted == 1)
        let again = try await store.ingest(request(), events: [full(message: "one")], organization: organization)
        #expect(again.accepted == 0 && again.duplicates == 1)
        #expect(try await store.ingest(request(), events: [full(message: "two")], organization: organization).accepted == 1)
        let third = try await store.ingest(request(), events: [full(message: "two")], organization: organization)
        #expect(third.accepted == 0 && third.duplicates == 1)
        let stored = try #require(try await store.history(of: "checkout").commits.first)
        #expect(stored.parents == ["e1", "e2"] && stored.workItemKeys == ["PAY-1", "PAY-2"])
        #expect(stored.files == ["src/a.swift", "docs/b.md"])
        #expect(try await store.statistics().events["commit"] == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func repeatsWithinOneRequestKeepTheLast(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let receipt = try await store.ingest(request(), events: [
            IncomingEvent(deployment("d1", sha: "a1", "2026-03-01T15:00:00Z")),
            IncomingEvent(deployment("d1", sha: "a2", "2026-03-01T16:00:00Z")),
        ], organization: organization)
        #expect(receipt.accepted == 1 && receipt.duplicates == 1)
        #expect(try await store.history(of: "checkout").deployments.map(\.sha) == ["a2"])
    }

    @Test(arguments: StoreKind.allCases)
    func mergeModeCombinesPartialUpdatesInAnyOrder(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let resolved = IncomingEvent(incident("i1", opened: "2026-03-01T18:00:00Z", resolved: "2026-03-01T18:00:00Z"), mode: .merge)
        let opened = IncomingEvent(incident("i1", opened: "2026-03-01T16:00:00Z"), mode: .merge)
        _ = try await store.ingest(request(), events: [resolved], organization: organization)
        _ = try await store.ingest(request(), events: [opened], organization: organization)
        let stored = try await store.history(of: "checkout").incidents
        #expect(stored.count == 1)
        #expect(stored.first?.openedAt == at("2026-03-01T16:00:00Z"))
        #expect(stored.first?.resolvedAt == at("2026-03-01T18:00:00Z"))
    }

    @Test(arguments: StoreKind.allCases)
    func historyFollowsRepositoriesToServices(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.ingest(request(), events: [
            commit("a1", "2026-03-01T09:00:00Z"), commit("a2", parents: ["a1"], "2026-03-02T09:00:00Z"),
            deployment("d1", sha: "a2", "2026-03-02T15:00:00Z"), deployment("x1", sha: "z", "2026-03-02T15:00:00Z", service: "search"),
            incident("i1", opened: "2026-03-02T16:00:00Z", services: ["checkout", "search"]),
        ].map { IncomingEvent($0) }, organization: organization)
        let history = try await store.history(of: "checkout")
        #expect(Set(history.commits.map(\.sha)) == ["a1", "a2"])
        #expect(history.commits.first { $0.sha == "a2" }?.parents == ["a1"])
        #expect(history.deployments.map(\.key.id) == ["d1"])
        #expect(history.incidents.map(\.key.id) == ["i1"])
        #expect(try await store.history(of: "search").commits.isEmpty)
        #expect(try await store.knownServices() == ["checkout", "search"])
    }

    @Test(arguments: StoreKind.allCases)
    func changesMarkServicesStaleUntilLinked(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.ingest(request(), events: [IncomingEvent(deployment("d1", sha: "a1", "2026-03-01T15:00:00Z"))], organization: organization)
        let stale = try await store.staleServices()
        #expect(stale.map(\.service) == ["checkout"])
        // A change after the history was read keeps the service stale.
        let history = try await store.history(of: "checkout")
        _ = try await store.ingest(request(), events: [IncomingEvent(commit("a1", "2026-03-01T09:00:00Z"))], organization: organization)
        try await store.saveLinks(DeploymentLinker(settings: MetricsSettings()).link(history), resolving: stale[0])
        #expect(try await store.staleServices().map(\.service) == ["checkout"])
        try await relink(store)
        #expect(try await store.staleServices().isEmpty)
        // A duplicate changes nothing and marks nothing.
        _ = try await store.ingest(request(), events: [IncomingEvent(commit("a1", "2026-03-01T09:00:00Z"))], organization: organization)
        #expect(try await store.staleServices().isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func reportInputHoldsTheWindowsFactsAndTheirIncidents(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.ingest(request(), events: [
            commit("a1", "2026-02-01T09:00:00Z"), deployment("d0", sha: "a1", "2026-02-01T15:00:00Z"),
            commit("a2", parents: ["a1"], "2026-03-02T09:00:00Z"), deployment("d1", sha: "a2", "2026-03-02T15:00:00Z"),
            incident("i1", opened: "2026-03-02T16:00:00Z", resolved: "2026-03-02T17:00:00Z"),
            incident("i0", opened: "2026-02-01T16:00:00Z"),
        ].map { IncomingEvent($0) }, organization: organization)
        try await relink(store)
        let input = try await store.reportInput(services: ["checkout"], window: march)
        #expect(input.deployments.map(\.key.id) == ["d1"])
        #expect(input.deployments.first?.leadTimes == [21_600])
        #expect(input.attributions.map(\.incident.id) == ["i1"])
        #expect(input.incidents.map(\.key.id) == ["i1"])
        let report = DoraReportBuilder(levels: .dora2023).report(scope: .organization, window: march, input: input)
        #expect(report.changeFailureRate.failed == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func reportInputIfLinkedIsTheSameFactsOnlyWhenNothingIsStale(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.ingest(request(), events: [
            commit("a1", "2026-03-01T09:00:00Z"), deployment("d1", sha: "a1", "2026-03-01T15:00:00Z"),
        ].map { IncomingEvent($0) }, organization: organization)
        #expect(try await store.reportInputIfLinked(services: ["checkout"], window: march) == nil)
        try await relink(store)
        let linked = try #require(try await store.reportInputIfLinked(services: ["checkout"], window: march))
        #expect(linked.deployments.map(\.key.id) == ["d1"])
        #expect(linked.deployments == (try await store.reportInput(services: ["checkout"], window: march)).deployments)
        // Any stale service, not only the ones asked for, sends the report to relinking first:
        // incidents are blamed across services.
        _ = try await store.ingest(request(), events: [IncomingEvent(deployment("s1", sha: "b1", "2026-03-02T15:00:00Z", service: "search"))],
                                   organization: organization)
        #expect(try await store.reportInputIfLinked(services: ["checkout"], window: march) == nil)
    }

    /// A window's input, with whole days summed where the store keeps them, gives the report
    /// every fact of the window gives; nil while anything is stale.
    @Test(arguments: StoreKind.allCases)
    func windowReportInputGivesTheReportOfTheWindowsFacts(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.ingest(request(), events: [
            commit("a1", "2026-02-27T09:00:00Z"), deployment("d0", sha: "a1", "2026-02-27T15:00:00Z"),
            commit("a2", parents: ["a1"], "2026-03-01T09:00:00Z"), deployment("d1", sha: "a2", "2026-03-01T15:00:00Z"),
            commit("a3", parents: ["a2"], "2026-03-02T01:00:00Z"), commit("a4", parents: ["a3"], "2026-03-02T09:00:00Z"),
            deployment("d2", sha: "a4", "2026-03-02T15:00:00Z"),
            incident("i1", opened: "2026-03-02T16:00:00Z", resolved: "2026-03-02T17:00:00Z"),
            commit("a5", parents: ["a4"], "2026-03-03T09:00:00Z"), deployment("d3", sha: "a5", "2026-03-03T10:00:00Z"),
        ].map { IncomingEvent($0) }, organization: organization)
        #expect(try await store.windowReportInputIfLinked(services: ["checkout"], window: march) == nil)
        try await relink(store)
        let builder = DoraReportBuilder(levels: .dora2023)
        let windows = [march, DateWindow(from: at("2026-03-01T12:00:00Z"), to: at("2026-03-03T09:30:00Z")),
                       DateWindow(from: at("2026-03-02T00:00:00Z"), to: at("2026-03-03T00:00:00Z"))]
        for window in windows {
            let summed = try #require(try await store.windowReportInputIfLinked(services: ["checkout"], window: window))
            let facts = try await store.reportInput(services: ["checkout"], window: window)
            let report = builder.report(scope: .organization, summed: summed)
            #expect(report == builder.report(scope: .organization, window: window, input: facts), "\(window)")
            #expect(report.changeFailureRate.failed == 1 && report.leadTimeForChanges.changes >= 2)
            #expect(builder.report(scope: .organization, summed: try await store.windowReportInput(services: ["checkout"], window: window)) == report)
        }
        _ = try await store.ingest(request(), events: [IncomingEvent(deployment("s1", sha: "b1", "2026-03-02T15:00:00Z", service: "search"))],
                                   organization: organization)
        #expect(try await store.windowReportInputIfLinked(services: ["checkout"], window: march) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func archiveKeepsRequestsInOrderAndReplayRebuildsTheSameFacts(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let batches: [[DeliveryEvent]] = [
            [commit("a1", "2026-03-01T09:00:00Z"), deployment("d1", sha: "a1", "2026-03-01T15:00:00Z")],
            [commit("a2", parents: ["a1"], "2026-03-02T09:00:00Z"), deployment("d2", sha: "a2", "2026-03-02T15:00:00Z")],
            [deployment("d2", sha: "a2", "2026-03-02T16:00:00Z")],
        ]
        for (index, batch) in batches.enumerated() {
            _ = try await store.ingest(request("batch \(index)"), events: batch.map { IncomingEvent($0) }, organization: organization)
        }
        try await relink(store)
        let before = try await store.reportInput(services: ["checkout"], window: march)
        let archived = try await store.archivedRequests(after: 0, limit: 10)
        #expect(archived.map { String(decoding: $0.body, as: UTF8.self) } == ["batch 0", "batch 1", "batch 2"])
        #expect(archived.map(\.sequence) == [1, 2, 3])
        #expect(archived.first?.headers == ["content-type": "application/json"])
        #expect(try await store.archivedRequests(after: 2, limit: 10).count == 1)

        try await store.clearDerivedRecords()
        #expect(try await store.statistics().events.isEmpty)
        #expect(try await store.statistics().archivedRequests == 3)
        for batch in batches { try await store.replay(batch.map { IncomingEvent($0) }, organization: organization) }
        try await relink(store)
        let after = try await store.reportInput(services: ["checkout"], window: march)
        #expect(after.deployments == before.deployments)
        #expect(after.deployments.map(\.finishedAt).last == at("2026-03-02T16:00:00Z"))
    }

    @Test(arguments: StoreKind.allCases)
    func tokensAreFoundByHashAndRevoked(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let token = AccessToken(id: "t1", name: "ci", secretHash: "abc", scopes: [.ingest, .read], createdAt: at("2026-03-01T00:00:00Z"))
        try await store.saveToken(token)
        #expect(try await store.token(hash: "abc") == token)
        #expect(try await store.token(hash: "nope") == nil)
        #expect(try await store.revokeToken(id: "t1"))
        #expect(try await store.revokeToken(id: "t2") == false)
        #expect(try await store.token(hash: "abc")?.isRevoked == true)
        #expect(try await store.tokens().count == 1)
    }
}

@Suite("EventStore contract: checkpoints")
struct CheckpointContractTests {
    @Test(arguments: StoreKind.allCases)
    func checkpointsAreSavedAndReplaced(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        #expect(try await store.checkpoint("git:r") == nil)
        try await store.saveCheckpoint("git:r", value: "a")
        try await store.saveCheckpoint("git:r", value: "b")
        #expect(try await store.checkpoint("git:r") == "b")
        try await store.clearDerivedRecords()
        #expect(try await store.checkpoint("git:r") == "b", "reprocessing keeps import positions")
    }
}
