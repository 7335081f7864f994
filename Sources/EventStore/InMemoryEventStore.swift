import Foundation
import ValueStreamModel

/// An event store in memory, for tests and throwaway runs: the same behaviour as the durable
/// stores (the contract suite checks it), nothing kept after the process ends.
public actor InMemoryEventStore: EventStore {
    private var archive: [RawRequest] = []
    private var events: [EventKey: DeliveryEvent] = [:]
    private var serviceRepositories: Set<ServiceRepository> = []
    private var stale: [String: Int64] = [:]
    private var generationCounter: Int64 = 0
    private var links: [String: ServiceLinks] = [:]
    private var accessTokens: [String: AccessToken] = [:]
    private var webhookConnections: [String: WebhookConnection] = [:]
    private var storedExperiments: [String: Experiment] = [:]
    private var storedNotifications: [String: AlertNotification] = [:]
    private var checkpoints: [String: String] = [:]

    public init() {}

    public func prepare() async throws {}

    public func ingest(_ request: RawRequest, batch: PreparedBatch, organization: OrganizationMap) async throws -> IngestReceipt {
        if let deliveryKey = request.deliveryKey, let earlier = archive.first(where: { $0.deliveryKey == deliveryKey }) {
            return IngestReceipt(accepted: 0, duplicates: batch.eventCount, sequence: earlier.sequence!, isRedelivery: true)
        }
        var stored = request
        stored.sequence = Int64(archive.count + 1)
        archive.append(stored)
        let (accepted, duplicates) = apply(batch, organization: organization)
        return IngestReceipt(accepted: accepted, duplicates: duplicates, sequence: stored.sequence!)
    }

    private func apply(_ batch: PreparedBatch, organization: OrganizationMap) -> (accepted: Int, duplicates: Int) {
        var accepted = 0
        var duplicates = batch.repeatsWithinRequest
        var router = EventRouter(organization: organization)
        for entry in batch.entries {
            let key = entry.event.key
            let current = events[key]
            guard let resolved = PreparedBatch.resolve(entry, stored: current) else { continue }
            if let current, EventPayload.encode(current) == EventPayload.encode(resolved) {
                duplicates += 1
                continue
            }
            accepted += 1
            events[key] = resolved
            router.touch(resolved)
            if let current { router.touch(current) }
        }
        let routing = router.touched
        serviceRepositories.formUnion(routing.serviceRepositories)
        var touched = routing.services
        for pair in serviceRepositories where routing.repositories.contains(pair.repository) {
            touched.insert(pair.service)
        }
        for service in touched {
            generationCounter += 1
            stale[service] = generationCounter
        }
        return (accepted, duplicates)
    }

    public func archivedRequests(after sequence: Int64, limit: Int) async throws -> [RawRequest] {
        Array(archive.filter { $0.sequence! > sequence }.prefix(limit))
    }

    public func clearDerivedRecords() async throws {
        events = [:]
        serviceRepositories = []
        stale = [:]
        links = [:]
    }

    public func replay(_ batch: PreparedBatch, organization: OrganizationMap) async throws {
        _ = apply(batch, organization: organization)
    }

    public func staleServices() async throws -> [StaleService] {
        stale.map { StaleService(service: $0.key, generation: $0.value) }.sorted { $0.service < $1.service }
    }

    public func history(of service: String) async throws -> ServiceHistory {
        let repositories = Set(serviceRepositories.filter { $0.service == service }.map(\.repository))
        var history = ServiceHistory(service: service)
        for event in events.values.sorted(by: { $0.key < $1.key }) {
            switch event {
            case .deployment(let deployment) where deployment.service == service:
                history.deployments.append(deployment)
            case .commit(let commit) where repositories.contains(OrganizationMap.normalized(commit.repository)):
                history.commits.append(commit)
            case .pullRequest(let pullRequest) where repositories.contains(OrganizationMap.normalized(pullRequest.repository)):
                history.pullRequests.append(pullRequest)
            case .incident(let incident) where incident.services.contains(service):
                history.incidents.append(incident)
            default:
                break
            }
        }
        return history
    }

    public func saveLinks(_ serviceLinks: ServiceLinks, resolving staleService: StaleService) async throws {
        links[serviceLinks.service] = serviceLinks
        if stale[staleService.service] == staleService.generation {
            stale[staleService.service] = nil
        }
    }

    public func reportInput(services: [String], window: DateWindow) async throws -> ReportInput {
        let scope = Set(services)
        let deployments = scope.compactMap { links[$0]?.deployments }.joined()
            .filter { window.contains($0.finishedAt) }
        let deploymentKeys = Set(deployments.map(\.key))
        let allCandidates = links.values.flatMap(\.attributions)
        let blamedIncidents = Set(allCandidates.filter { deploymentKeys.contains($0.deployment) }.map(\.incident))
        let candidates = allCandidates.filter { blamedIncidents.contains($0.incident) }
        let incidents = events.values.compactMap { event -> Incident? in
            guard case .incident(let incident) = event else { return nil }
            let opened = window.contains(incident.openedAt) && !scope.isDisjoint(with: incident.services)
            return opened || blamedIncidents.contains(incident.key) ? incident : nil
        }
        return ReportInput(
            deployments: deployments.sorted { ($0.finishedAt, $0.key) < ($1.finishedAt, $1.key) },
            attributions: candidates, incidents: incidents.sorted { $0.key < $1.key }
        )
    }

    public func knownServices() async throws -> [String] {
        var names = Set(serviceRepositories.map(\.service))
        for event in events.values {
            switch event {
            case .deployment(let deployment): names.insert(deployment.service)
            case .incident(let incident): names.formUnion(incident.services)
            default: break
            }
        }
        return names.sorted()
    }

    public func archivedRequestCount() async throws -> Int {
        archive.count
    }

    public func statistics() async throws -> StoreStatistics {
        var counts: [String: Int] = [:]
        for key in events.keys { counts[key.kind.rawValue, default: 0] += 1 }
        return StoreStatistics(
            archivedRequests: archive.count, events: counts,
            deploymentFacts: links.values.reduce(0) { $0 + $1.deployments.count }
        )
    }

    public func checkpoint(_ name: String) async throws -> String? { checkpoints[name] }

    public func saveCheckpoint(_ name: String, value: String) async throws { checkpoints[name] = value }

    public func events(ofKind kind: EventKind) async throws -> [DeliveryEvent] {
        events.values.filter { $0.key.kind == kind }.sorted { $0.key < $1.key }
    }

    public func sourceActivity() async throws -> [SourceActivity] {
        SourceActivity.collect(archive.map { ($0.channel, $0.headers, 1, $0.receivedAt) })
    }

    public func saveExperiment(_ experiment: Experiment) async throws { storedExperiments[experiment.id] = experiment }

    public func experiments() async throws -> [Experiment] {
        storedExperiments.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func addNotification(_ notification: AlertNotification) async throws -> Bool {
        guard storedNotifications[notification.key] == nil else { return false }
        storedNotifications[notification.key] = notification
        return true
    }

    public func updateNotification(_ notification: AlertNotification) async throws { storedNotifications[notification.key] = notification }

    public func notifications() async throws -> [AlertNotification] {
        storedNotifications.values.sorted { ($0.createdAt, $0.key) < ($1.createdAt, $1.key) }
    }

    public func saveConnection(_ connection: WebhookConnection) async throws { webhookConnections[connection.name] = connection }

    public func connections() async throws -> [WebhookConnection] {
        webhookConnections.values.sorted { $0.name < $1.name }
    }

    public func removeConnection(name: String) async throws -> Bool {
        webhookConnections.removeValue(forKey: name) != nil
    }

    public func saveToken(_ token: AccessToken) async throws { accessTokens[token.id] = token }

    public func token(hash: String) async throws -> AccessToken? {
        accessTokens.values.first { $0.secretHash == hash }
    }

    public func tokens() async throws -> [AccessToken] { accessTokens.values.sorted { $0.createdAt < $1.createdAt } }

    public func revokeToken(id: String) async throws -> Bool {
        guard accessTokens[id] != nil else { return false }
        accessTokens[id]?.isRevoked = true
        return true
    }
}
