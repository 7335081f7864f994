import Connectors
import EventStore
import Foundation
import ValueStreamModel

/// Backfills a GitHub repository through the REST API: pull requests (with their commits and
/// first review), deployments with their statuses, workflow runs, incident-labelled issues and
/// the default branch's commits. Every page is archived as received (channel `github-api`) and
/// decoded by `GitHubAPIDecoder`; a checkpoint per resource records the next page, so an
/// interrupted backfill resumes where it stopped.
public struct GitHubBackfill: Sendable {
    public struct Options: Sendable {
        public var owner: String
        public var name: String
        public var service: String?
        public var apiURL: URL
        public var incidentLabel: String

        public init(repository: String, service: String? = nil, apiURL: URL = URL(string: "https://api.github.com")!, incidentLabel: String = "incident") throws {
            let parts = repository.split(separator: "/")
            guard parts.count == 2 else { throw APIClientError("--repo must be OWNER/NAME, not \"\(repository)\"") }
            owner = String(parts[0])
            name = String(parts[1])
            self.service = service
            self.apiURL = apiURL
            self.incidentLabel = incidentLabel
        }
    }

    /// What a backfill did.
    public struct Summary: Sendable {
        public var pages = 0
        public var eventsAccepted = 0
        public var duplicates = 0
        public var resumedResources: [String] = []
    }

    public let ingest: IngestService
    public let client: APIClient

    public init(ingest: IngestService, client: APIClient) {
        self.ingest = ingest
        self.client = client
    }

    public func run(_ options: Options, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Summary {
        let repository = "github.com/\(options.owner)/\(options.name)"
        let service = options.service ?? ingest.organization.services(forRepository: repository).first
            ?? OrganizationMap.defaultServiceName(forRepository: repository)
        var summary = Summary()
        let base = options.apiURL.appendingPathComponent("repos/\(options.owner)/\(options.name)")
        func headers(_ resource: String, pull: Int? = nil) -> [String: String] {
            var headers = [GitHubAPIDecoder.resourceHeader: resource, GitHubAPIDecoder.repositoryHeader: repository,
                           GitHubAPIDecoder.serviceHeader: service]
            if let pull { headers[GitHubAPIDecoder.pullHeader] = String(pull) }
            return headers
        }
        func store(_ body: Data, _ headers: [String: String]) async throws {
            let receipt = try await ingest.ingest(RawRequest(channel: "github-api", headers: headers, body: body))
            summary.pages += 1
            summary.eventsAccepted += receipt.accepted
            summary.duplicates += receipt.duplicates
            progress?(summary.pages)
        }
        /// Walks every page of a list from its checkpoint, handing each page to `handle` after it
        /// is stored, and moves the checkpoint past a page only once everything of it is stored.
        func walk(_ resource: String, first: URL, handle: (Data) async throws -> Void = { _ in }) async throws {
            let checkpointName = "github:\(repository):\(resource)"
            let saved = try await ingest.store.checkpoint(checkpointName)
            if saved == "done" { return }
            var next: URL? = saved.flatMap(URL.init(string:)) ?? first
            if saved != nil { summary.resumedResources.append(resource) }
            while let url = next {
                let page = try await client.get(url)
                try await store(page.body, headers(resource))
                try await handle(page.body)
                next = page.next
                try await ingest.store.saveCheckpoint(checkpointName, value: next?.absoluteString ?? "done")
            }
        }
        func allPages(_ url: URL, _ resource: String, pull: Int) async throws {
            var next: URL? = url
            while let current = next {
                let page = try await client.get(current)
                try await store(page.body, headers(resource, pull: pull))
                next = page.next
            }
        }
        func query(_ url: URL, _ items: [URLQueryItem]) -> URL {
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
            components.queryItems = items
            return components.url!
        }

        try await walk("pulls", first: query(base.appendingPathComponent("pulls"), [
            URLQueryItem(name: "state", value: "all"), URLQueryItem(name: "per_page", value: "100"),
        ])) { body in
            let numbers = ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []).compactMap { $0["number"] as? Int }
            for number in numbers {
                let pull = base.appendingPathComponent("pulls/\(number)")
                try await allPages(query(pull.appendingPathComponent("commits"), [URLQueryItem(name: "per_page", value: "100")]), "pull-commits", pull: number)
                try await allPages(query(pull.appendingPathComponent("reviews"), [URLQueryItem(name: "per_page", value: "100")]), "pull-reviews", pull: number)
            }
        }
        try await deploymentsWithStatuses(base: base, repository: repository, headers: headers("deployment"), store: store, query: query)
        try await walk("runs", first: query(base.appendingPathComponent("actions/runs"), [URLQueryItem(name: "per_page", value: "100")]))
        try await walk("issues", first: query(base.appendingPathComponent("issues"), [
            URLQueryItem(name: "state", value: "all"), URLQueryItem(name: "labels", value: options.incidentLabel),
            URLQueryItem(name: "per_page", value: "100"),
        ]))
        try await walk("commits", first: query(base.appendingPathComponent("commits"), [URLQueryItem(name: "per_page", value: "100")]))
        return summary
    }

    /// Each deployment with its statuses, stored as one `{"deployment", "statuses"}` request.
    /// Deployments are read again on every run (their statuses change); unchanged ones are
    /// duplicates.
    private func deploymentsWithStatuses(
        base: URL, repository: String, headers: [String: String], store: (Data, [String: String]) async throws -> Void,
        query: (URL, [URLQueryItem]) -> URL
    ) async throws {
        var next: URL? = query(base.appendingPathComponent("deployments"), [URLQueryItem(name: "per_page", value: "100")])
        while let url = next {
            let page = try await client.get(url)
            next = page.next
            guard let items = try JSONSerialization.jsonObject(with: page.body) as? [Any] else { continue }
            for item in items {
                guard let deployment = item as? [String: Any], let id = deployment["id"] else { continue }
                let statuses = try await client.get(query(base.appendingPathComponent("deployments/\(id)/statuses"), [URLQueryItem(name: "per_page", value: "100")]))
                var body = Data(#"{"deployment":"#.utf8)
                body.append(try JSONSerialization.data(withJSONObject: deployment))
                body.append(Data(#","statuses":"#.utf8))
                body.append(statuses.body)
                body.append(Data("}".utf8))
                try await store(body, headers)
            }
        }
    }
}
