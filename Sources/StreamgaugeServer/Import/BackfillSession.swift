import Connectors
import EventStore
import Foundation
import ValueStreamModel

/// What the API backfills share: pages fetched with the client, archived as received under a
/// channel with headers naming the resource, and a checkpoint per listed resource holding the
/// next page, moved only once a page (and whatever it led to) is stored.
public final class BackfillSession: @unchecked Sendable {
    /// What a backfill did.
    public struct Summary: Sendable {
        public var pages = 0
        public var eventsAccepted = 0
        public var duplicates = 0
        /// Resources continued from a checkpoint of an earlier, interrupted run.
        public var resumedResources: [String] = []
    }

    let ingest: IngestService
    let client: APIClient
    let channel: String
    let checkpointPrefix: String
    let progress: (@Sendable (Int) -> Void)?
    private(set) var summary = Summary()

    init(ingest: IngestService, client: APIClient, channel: String, checkpointPrefix: String, progress: (@Sendable (Int) -> Void)?) {
        self.ingest = ingest
        self.client = client
        self.channel = channel
        self.checkpointPrefix = checkpointPrefix
        self.progress = progress
    }

    /// Archives and stores one page (or a body built of received pages).
    func store(_ body: Data, headers: [String: String]) async throws {
        let receipt = try await ingest.ingest(RawRequest(channel: channel, headers: headers, body: body))
        summary.pages += 1
        summary.eventsAccepted += receipt.accepted
        summary.duplicates += receipt.duplicates
        progress?(summary.pages)
    }

    /// Every page of a list, from its checkpoint; `handle` sees each stored page before the
    /// checkpoint moves past it.
    func walk(_ resource: String, first: URL, headers: [String: String], handle: (Data) async throws -> Void = { _ in }) async throws {
        let name = "\(checkpointPrefix):\(resource)"
        let saved = try await ingest.store.checkpoint(name)
        if saved == "done" { return }
        if saved != nil { summary.resumedResources.append(resource) }
        var next: URL? = saved.flatMap(URL.init(string:)) ?? first
        while let url = next {
            let page = try await client.get(url)
            try await store(page.body, headers: headers)
            try await handle(page.body)
            next = page.next
            try await ingest.store.saveCheckpoint(name, value: next?.absoluteString ?? "done")
        }
    }

    /// Every page of a list that belongs to one item (a pull request's commits), no checkpoint.
    func allPages(_ first: URL, headers: [String: String]) async throws {
        var next: URL? = first
        while let url = next {
            let page = try await client.get(url)
            try await store(page.body, headers: headers)
            next = page.next
        }
    }

    static func url(_ base: URL, _ path: String, _ query: [String: String]) -> URL {
        var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.url!
    }
}
