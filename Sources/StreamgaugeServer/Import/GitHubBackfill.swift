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

    public let ingest: IngestService
    public let client: APIClient

    public init(ingest: IngestService, client: APIClient) {
        self.ingest = ingest
        self.client = client
    }

    public func run(_ options: Options, progress: (@Sendable (Int) -> Void)? = nil) async throws -> BackfillSession.Summary {
        let repository = "github.com/\(options.owner)/\(options.name)"
        let service = options.service ?? ingest.organization.primaryService(forRepository: repository)
        let session = BackfillSession(ingest: ingest, client: client, channel: "github-api", checkpointPrefix: "github:\(repository)", progress: progress)
        let base = options.apiURL.appendingPathComponent("repos/\(options.owner)/\(options.name)")
        func headers(_ resource: String, pull: Int? = nil) -> [String: String] {
            var headers = [GitHubAPIDecoder.resourceHeader: resource, GitHubAPIDecoder.repositoryHeader: repository,
                           GitHubAPIDecoder.serviceHeader: service]
            if let pull { headers[GitHubAPIDecoder.pullHeader] = String(pull) }
            return headers
        }
        let perPage = ["per_page": "100"]

        try await session.walk("pulls", first: BackfillSession.url(base, "pulls", ["state": "all", "per_page": "100"]), headers: headers("pulls")) { body in
            let numbers = ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []).compactMap { $0["number"] as? Int }
            for number in numbers {
                try await session.allPages(BackfillSession.url(base, "pulls/\(number)/commits", perPage), headers: headers("pull-commits", pull: number))
                try await session.allPages(BackfillSession.url(base, "pulls/\(number)/reviews", perPage), headers: headers("pull-reviews", pull: number))
            }
        }
        try await deploymentsWithStatuses(base: base, session: session, headers: headers("deployment"))
        try await session.walk("runs", first: BackfillSession.url(base, "actions/runs", perPage), headers: headers("runs"))
        try await session.walk("issues", first: BackfillSession.url(base, "issues", ["state": "all", "labels": options.incidentLabel, "per_page": "100"]), headers: headers("issues"))
        try await session.walk("commits", first: BackfillSession.url(base, "commits", perPage), headers: headers("commits"))
        return session.summary
    }

    /// Each deployment with its statuses, stored as one `{"deployment", "statuses"}` request.
    /// Deployments are read again on every run (their statuses change); unchanged ones are
    /// duplicates.
    private func deploymentsWithStatuses(base: URL, session: BackfillSession, headers: [String: String]) async throws {
        var next: URL? = BackfillSession.url(base, "deployments", ["per_page": "100"])
        while let url = next {
            let page = try await client.get(url)
            next = page.next
            guard let items = try JSONSerialization.jsonObject(with: page.body) as? [Any] else { continue }
            for item in items {
                guard let deployment = item as? [String: Any], let id = deployment["id"] else { continue }
                let statuses = try await client.get(BackfillSession.url(base, "deployments/\(id)/statuses", ["per_page": "100"]))
                var body = Data(#"{"deployment":"#.utf8)
                body.append(try JSONSerialization.data(withJSONObject: deployment))
                body.append(Data(#","statuses":"#.utf8))
                body.append(statuses.body)
                body.append(Data("}".utf8))
                try await session.store(body, headers: headers)
            }
        }
    }
}
