import Foundation
import ValueStreamModel

/// Where events live: the raw archive (the source of truth), the normalised events, and what
/// linking derived from them. Implementations: `InMemoryEventStore` (tests), `SQLiteEventStore`
/// (the embedded default). Every implementation passes the same contract suite.
public protocol EventStore: Sendable {
    /// Creates or migrates the schema. Safe to call again.
    func prepare() async throws

    /// Stores a request and its events in one transaction and returns once both are durable:
    /// all or nothing. Events replace (or merge into) stored ones with the same key; an event
    /// equal to the stored one is a duplicate. The services whose figures may change are marked
    /// for relinking, resolved through `organization`. A request whose `deliveryKey` is archived
    /// already is a redelivery: nothing is stored and the receipt says so.
    /// The request's events come as a `PreparedBatch`, reduced by key before the call, so that
    /// this work is done by the caller rather than while the store holds its writer.
    func ingest(_ request: RawRequest, batch: PreparedBatch, organization: OrganizationMap) async throws -> IngestReceipt

    /// Archived requests in receipt order, after `sequence` (exclusive), at most `limit`.
    func archivedRequests(after sequence: Int64, limit: Int) async throws -> [RawRequest]

    /// Forgets every normalised event and derived fact, keeping the raw archive and the tokens:
    /// the first step of reprocessing.
    func clearDerivedRecords() async throws

    /// Re-applies the events decoded from an archived request, without archiving it again.
    func replay(_ batch: PreparedBatch, organization: OrganizationMap) async throws

    /// Every stored event of a kind that has no index of its own (work items, pipeline runs),
    /// for flow figures.
    func events(ofKind kind: EventKind) async throws -> [DeliveryEvent]

    /// Services whose linked facts are out of date.
    func staleServices() async throws -> [StaleService]

    /// What linking reads about a service (deployments of every environment, commits and pull
    /// requests of its repositories, incidents naming it).
    func history(of service: String) async throws -> ServiceHistory

    /// Replaces a service's linked facts; clears its stale mark unless it changed again since.
    func saveLinks(_ links: ServiceLinks, resolving stale: StaleService) async throws

    /// The facts a report of `services` over `window` sums up.
    func reportInput(services: [String], window: DateWindow) async throws -> ReportInput

    /// The same facts, but only if no service is stale, told in the same look at the store
    /// (a report's usual case, one read instead of two); nil when some service waits for
    /// relinking.
    func reportInputIfLinked(services: [String], window: DateWindow) async throws -> ReportInput?

    /// What a report of `services` over exactly `window` sums up, with the days wholly inside the
    /// window read as kept by day (`DeploymentDay`) where the store keeps them; nil when some
    /// service waits for relinking (checked in the same look at the store).
    func windowReportInputIfLinked(services: [String], window: DateWindow) async throws -> WindowReportInput?

    /// The same whether or not some service is stale.
    func windowReportInput(services: [String], window: DateWindow) async throws -> WindowReportInput

    /// Every service named by a deployment, an incident or a repository mapping.
    func knownServices() async throws -> [String]

    /// Per source (a channel, with its connection or repository), the requests archived and the
    /// time of the last one.
    func sourceActivity() async throws -> [SourceActivity]

    /// How much the store holds (it counts every table's rows: 90 ms at scale S, warm).
    func statistics() async throws -> StoreStatistics

    /// How many requests are archived: what `/healthz` shows, read without counting events.
    func archivedRequestCount() async throws -> Int

    /// A named position of a resumable import (which refs a git import has read, the page a
    /// backfill reached); `nil` before the first save.
    func checkpoint(_ name: String) async throws -> String?
    func saveCheckpoint(_ name: String, value: String) async throws

    /// Webhook connections added with `streamgauge connection add` (the configuration file
    /// holds the others).
    func saveConnection(_ connection: WebhookConnection) async throws
    func connections() async throws -> [WebhookConnection]
    /// Removes a connection by name; `false` if there is none.
    func removeConnection(name: String) async throws -> Bool

    /// Improvement experiments, by id.
    func saveExperiment(_ experiment: Experiment) async throws
    func experiments() async throws -> [Experiment]

    /// Alert notifications: a new key is stored once (`false` if it existed), then updated as
    /// delivery is attempted.
    func addNotification(_ notification: AlertNotification) async throws -> Bool
    func updateNotification(_ notification: AlertNotification) async throws
    func notifications() async throws -> [AlertNotification]

    func saveToken(_ token: AccessToken) async throws
    func token(hash: String) async throws -> AccessToken?
    func tokens() async throws -> [AccessToken]
    /// Revokes a token by id; `false` if there is none.
    func revokeToken(id: String) async throws -> Bool
}

extension EventStore {
    /// `reportInputIfLinked` as two reads, for stores that have no single one.
    public func reportInputIfLinked(services: [String], window: DateWindow) async throws -> ReportInput? {
        guard try await staleServices().isEmpty else { return nil }
        return try await reportInput(services: services, window: window)
    }

    /// `windowReportInputIfLinked` from facts alone, for stores that keep no days.
    public func windowReportInputIfLinked(services: [String], window: DateWindow) async throws -> WindowReportInput? {
        guard let facts = try await reportInputIfLinked(services: services, window: window) else { return nil }
        return WindowReportInput(services: services, window: window, facts: facts)
    }

    public func windowReportInput(services: [String], window: DateWindow) async throws -> WindowReportInput {
        WindowReportInput(services: services, window: window, facts: try await reportInput(services: services, window: window))
    }

    /// Stores a request and its events: `ingest(_:batch:organization:)` with the batch made here.
    public func ingest(_ request: RawRequest, events: [IncomingEvent], organization: OrganizationMap) async throws -> IngestReceipt {
        try await ingest(request, batch: PreparedBatch(events), organization: organization)
    }

    /// Re-applies events: `replay(_:organization:)` with the batch made here.
    public func replay(_ events: [IncomingEvent], organization: OrganizationMap) async throws {
        try await replay(PreparedBatch(events), organization: organization)
    }
}

/// What an ingest did.
public struct IngestReceipt: Sendable, Hashable, Codable {
    /// Events stored (new, or replacing a different earlier version).
    public var accepted: Int
    /// Events equal to what was already stored.
    public var duplicates: Int
    /// The raw archive's sequence number for the request (the earlier one for a redelivery).
    public var sequence: Int64
    /// The request repeated a delivery already archived (same delivery key): nothing was stored.
    public var isRedelivery: Bool

    public init(accepted: Int, duplicates: Int, sequence: Int64, isRedelivery: Bool = false) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.sequence = sequence
        self.isRedelivery = isRedelivery
    }
}

/// A service whose facts must be relinked, with the generation of its last change.
public struct StaleService: Sendable, Hashable {
    public var service: String
    public var generation: Int64

    public init(service: String, generation: Int64) {
        self.service = service
        self.generation = generation
    }
}

/// Counts of what a store holds.
public struct StoreStatistics: Sendable, Hashable, Codable {
    public var archivedRequests: Int
    public var events: [String: Int]
    public var deploymentFacts: Int

    public init(archivedRequests: Int, events: [String: Int], deploymentFacts: Int) {
        self.archivedRequests = archivedRequests
        self.events = events
        self.deploymentFacts = deploymentFacts
    }
}

/// An API token as stored: only the SHA-256 of its secret is kept.
public struct AccessToken: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var secretHash: String
    public var scopes: Set<TokenScope>
    public var createdAt: Date
    public var isRevoked: Bool

    public init(id: String, name: String, secretHash: String, scopes: Set<TokenScope>, createdAt: Date, isRevoked: Bool = false) {
        self.id = id
        self.name = name
        self.secretHash = secretHash
        self.scopes = scopes
        self.createdAt = createdAt
        self.isRevoked = isRevoked
    }
}

/// What a token may do. `admin` implies the others.
public enum TokenScope: String, Sendable, Codable, CaseIterable, Comparable {
    case ingest, read, admin

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool { lhs.rawValue < rhs.rawValue }
}
