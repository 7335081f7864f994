import Connectors
import EventStore
import Foundation
import ValueStreamModel

/// Takes a request from any channel: decodes it completely first (a bad event rejects the whole
/// request, nothing stored), then archives it and stores its events in one durable transaction.
public struct IngestService: Sendable {
    public let store: any EventStore
    public let organization: OrganizationMap
    public let decoders: DecoderRegistry

    public init(store: any EventStore, organization: OrganizationMap, decoders: DecoderRegistry = DecoderRegistry()) {
        self.store = store
        self.organization = organization
        self.decoders = decoders
    }

    public func ingest(_ request: RawRequest) async throws -> IngestReceipt {
        try await store(try decode(request))
    }

    /// A request decoded and ready to store: the first half of `ingest`, so that a bulk loader
    /// can decode the next batch while the store writes the previous one. Its events are
    /// reduced by key here, by the caller, not while the store holds its writer.
    public struct DecodedRequest: Sendable {
        public let archived: RawRequest
        public let batch: PreparedBatch

        public init(archived: RawRequest, events: [IncomingEvent]) {
            self.archived = archived
            batch = PreparedBatch(events)
        }
    }

    public func decode(_ request: RawRequest) throws -> DecodedRequest {
        let (events, archived) = try decoders.decode(request)
        return DecodedRequest(archived: archived, events: events)
    }

    /// The second half of `ingest`: archive and store in one durable transaction.
    public func store(_ decoded: DecodedRequest) async throws -> IngestReceipt {
        try await store.ingest(decoded.archived, batch: decoded.batch, organization: organization)
    }
}

/// Rebuilds every normalised event and derived fact from the raw archive, with today's decoders
/// and configuration: history is recomputed, never patched.
public struct Reprocessor: Sendable {
    public let store: any EventStore
    public let organization: OrganizationMap
    public let decoders: DecoderRegistry

    public init(store: any EventStore, organization: OrganizationMap, decoders: DecoderRegistry = DecoderRegistry()) {
        self.store = store
        self.organization = organization
        self.decoders = decoders
    }

    /// What a reprocess did; requests that no longer decode are counted and skipped, not lost:
    /// they stay in the archive.
    public struct Summary: Sendable {
        public var requests = 0
        public var events = 0
        public var undecodable: [(sequence: Int64, error: String)] = []
    }

    public func run(progress: (@Sendable (Int) -> Void)? = nil) async throws -> Summary {
        try await store.clearDerivedRecords()
        var summary = Summary()
        var after: Int64 = 0
        while true {
            let page = try await store.archivedRequests(after: after, limit: 500)
            guard let last = page.last else { break }
            var events: [IncomingEvent] = []
            for request in page {
                summary.requests += 1
                do {
                    events += try decoders.decode(request).events
                } catch {
                    summary.undecodable.append((request.sequence ?? 0, "\(error)"))
                }
            }
            summary.events += events.count
            try await store.replay(events, organization: organization)
            after = last.sequence ?? after
            progress?(summary.requests)
        }
        return summary
    }
}
