import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import Testing
import ValueStreamModel

/// A stand-in for a GitLab instance: recorded GitLab REST responses (shared/fixtures/api) with
/// pagination links and one 429 answer with `Retry-After`.
actor FakeGitLab {
    private(set) var hits: [String: Int] = [:]

    func hit(_ path: String) -> Int {
        hits[path, default: 0] += 1
        return hits[path]!
    }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        let base = "api/v4/projects/42"
        router.get(RouterPath(base)) { _, _ in
            FakeGitHub.json(Data(#"{"id":42,"path_with_namespace":"acme/shop","web_url":"https://gitlab.example.com/acme/shop"}"#.utf8))
        }
        router.get("\(base)/merge_requests") { request, _ in
            let page = request.uri.queryParameters["page"].map(String.init) ?? "1"
            _ = await self.hit("merge_requests?page=\(page)")
            guard page == "1" else { return FakeGitHub.json(Data("[]".utf8)) }
            let host = request.head.authority ?? "127.0.0.1"
            return FakeGitHub.json(FakeGitHub.fixture("gitlab-merge-requests-list.json"), headers: [
                .init("Link")!: "<http://\(host)/\(base)/merge_requests?page=2&per_page=100&state=all>; rel=\"next\"",
                .init("X-Next-Page")!: "2", .init("X-Page")!: "1",
            ])
        }
        router.get("\(base)/merge_requests/:iid/commits") { _, _ in FakeGitHub.json(FakeGitHub.fixture("gitlab-merge-request-commits.json")) }
        router.get("\(base)/merge_requests/:iid/notes") { _, _ in FakeGitHub.json(FakeGitHub.fixture("gitlab-merge-request-notes.json")) }
        router.get("\(base)/deployments") { _, _ in
            if await self.hit("deployments") == 1 {
                return FakeGitHub.json(FakeGitHub.fixture("gitlab-error-429-rate-limit.json"), status: .tooManyRequests, headers: [.init("Retry-After")!: "1"])
            }
            return FakeGitHub.json(FakeGitHub.fixture("gitlab-deployments-list.json"))
        }
        router.get("\(base)/pipelines") { _, _ in FakeGitHub.json(FakeGitHub.fixture("gitlab-pipelines-list.json")) }
        router.get("\(base)/issues") { _, _ in FakeGitHub.json(FakeGitHub.fixture("gitlab-issues-list.json")) }
        router.get("\(base)/repository/commits") { _, _ in FakeGitHub.json(FakeGitHub.fixture("gitlab-repository-commits-list.docs.json")) }
        return router
    }
}

@Suite("Backfilling from the GitLab REST API", .serialized)
struct GitLabBackfillTests {
    @Test func mergeRequestsDeploymentsPipelinesAndIncidents() async throws {
        let gitlab = FakeGitLab()
        let app = Application(router: gitlab.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let store = InMemoryEventStore()
        var configured = APIClient(headers: [:])
        configured.retryDelay = .milliseconds(10)
        let client = configured
        let summary = try await app.test(.live) { testClient in
            try await GitLabBackfill(ingest: IngestService(store: store, organization: OrganizationMap()), client: client)
                .run(.init(project: "42", apiURL: URL(string: "http://127.0.0.1:\(testClient.port!)/api/v4")!))
        }
        let hits = await gitlab.hits
        #expect(hits["merge_requests?page=2"] == 1, "followed the Link header")
        #expect(hits["deployments"] == 2, "waited out the 429")
        #expect(summary.pages > 5)

        let history = try await store.history(of: "shop")
        let requests = Dictionary(uniqueKeysWithValues: history.pullRequests.map { ($0.number, $0) })
        #expect(Set(requests.keys) == [1, 3, 4])
        #expect(requests[1]?.key.id == "gitlab.example.com/acme/shop!1")
        #expect(requests[1]?.mergeCommitSha == "da1d6dea48f5972ffc683da6cff30934e7d6c52c")
        #expect(requests[1]?.openedAt == RFC3339.date(from: "2019-06-28T05:21:43.743Z"))
        #expect(requests[1]?.commits.count == 5)
        #expect(requests[1]?.firstReviewAt != nil)
        // success and failed deployments count; the canceled one is no deployment.
        #expect(history.deployments.map(\.result).sorted { $0.rawValue < $1.rawValue } == [.failure, .success])
        #expect(history.incidents.count == 3)
        #expect(history.incidents.contains { $0.resolvedAt == nil })
        let statistics = try await store.statistics()
        #expect(statistics.events["pipeline_run"] == 3)
    }
}
