import Connectors
import EventStore
import Foundation
import ValueStreamModel

/// Backfills a GitLab project through the REST v4 API: merge requests (with their commits and
/// first human comment as first review), deployments, pipelines, incident issues and the
/// default branch's commits; archived page by page (channel `gitlab-api`) and resumable through
/// per-resource checkpoints, like `GitHubBackfill`.
public struct GitLabBackfill: Sendable {
    public struct Options: Sendable {
        /// A numeric id or a `group/project` path.
        public var project: String
        public var service: String?
        public var apiURL: URL
        public var incidentLabel: String

        public init(project: String, service: String? = nil, apiURL: URL = URL(string: "https://gitlab.com/api/v4")!, incidentLabel: String = "incident") {
            self.project = project
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
        let encodedProject = options.project.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? options.project
        // The project's address names the repository as events do (`gitlab.example.com/group/project`).
        let projectURL = URL(string: "\(options.apiURL.absoluteString)/projects/\(encodedProject)")!
        let project = try JSONSerialization.jsonObject(with: try await client.get(projectURL).body) as? [String: Any]
        guard let webURL = project?["web_url"] as? String else {
            throw APIClientError("\(projectURL): the answer names no web_url; is \(options.project) a project?")
        }
        let repository = OrganizationMap.normalized(webURL)
        let service = options.service ?? ingest.organization.primaryService(forRepository: repository)
        let session = BackfillSession(ingest: ingest, client: client, channel: "gitlab-api", checkpointPrefix: "gitlab:\(repository)", progress: progress)
        func headers(_ resource: String, request: Int? = nil) -> [String: String] {
            var headers = [APIPageHeaders.resource: resource, APIPageHeaders.repository: repository, APIPageHeaders.service: service]
            if let request { headers[APIPageHeaders.request] = String(request) }
            return headers
        }
        let base = projectURL
        let perPage = ["per_page": "100"]
        try await session.walk("merge-requests", first: BackfillSession.url(base, "merge_requests", ["state": "all", "per_page": "100"]), headers: headers("merge-requests")) { body in
            let numbers = ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []).compactMap { $0["iid"] as? Int }
            for number in numbers {
                try await session.allPages(BackfillSession.url(base, "merge_requests/\(number)/commits", perPage), headers: headers("merge-request-commits", request: number))
                try await session.allPages(BackfillSession.url(base, "merge_requests/\(number)/notes", ["sort": "asc", "per_page": "100"]), headers: headers("merge-request-notes", request: number))
            }
        }
        try await session.walk("deployments", first: BackfillSession.url(base, "deployments", ["order_by": "id", "sort": "asc", "per_page": "100"]), headers: headers("deployments"))
        try await session.walk("pipelines", first: BackfillSession.url(base, "pipelines", perPage), headers: headers("pipelines"))
        try await session.walk("issues", first: BackfillSession.url(base, "issues", ["labels": options.incidentLabel, "state": "all", "per_page": "100"]), headers: headers("issues"))
        try await session.walk("commits", first: BackfillSession.url(base, "repository/commits", perPage), headers: headers("commits"))
        return session.summary
    }
}
