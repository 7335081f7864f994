import Connectors
import EventStore
import Foundation
import ValueStreamModel

/// Moves everything from one store to another (SQLite to PostgreSQL when a team outgrows one
/// machine): the raw archive, request by request, decoded again so that the target derives its
/// own events and facts; then tokens, connections, experiments and alert notifications. The
/// target must be empty, so that nothing is mixed.
public struct StoreCopier: Sendable {
    public let source: any EventStore
    public let target: any EventStore
    public let organization: OrganizationMap
    public let decoders: DecoderRegistry

    public init(source: any EventStore, target: any EventStore, organization: OrganizationMap, decoders: DecoderRegistry) {
        self.source = source
        self.target = target
        self.organization = organization
        self.decoders = decoders
    }

    public struct Summary: Sendable {
        public var requests = 0
        public var events = 0
        public var undecodable = 0
        public var tokens = 0
        public var connections = 0
        public var experiments = 0
        public var notifications = 0
    }

    public func run(progress: (@Sendable (Int) -> Void)? = nil) async throws -> Summary {
        guard try await target.statistics().archivedRequests == 0 else {
            throw ConfigurationError("the target store is not empty; copy into a new database")
        }
        var summary = Summary()
        var after: Int64 = 0
        while true {
            let page = try await source.archivedRequests(after: after, limit: 200)
            guard let last = page.last else { break }
            for request in page {
                // A request that no longer decodes is still copied: the archive is the truth.
                var events: [IncomingEvent] = []
                do {
                    events = try decoders.decode(request).events
                } catch {
                    summary.undecodable += 1
                }
                var copy = request
                copy.sequence = nil
                _ = try await target.ingest(copy, events: events, organization: organization)
                summary.requests += 1
                summary.events += events.count
            }
            after = last.sequence ?? after
            progress?(summary.requests)
        }
        for token in try await source.tokens() { try await target.saveToken(token); summary.tokens += 1 }
        for connection in try await source.connections() { try await target.saveConnection(connection); summary.connections += 1 }
        for experiment in try await source.experiments() { try await target.saveExperiment(experiment); summary.experiments += 1 }
        for notification in try await source.notifications() {
            if try await target.addNotification(notification) { try await target.updateNotification(notification) }
            summary.notifications += 1
        }
        return summary
    }
}
