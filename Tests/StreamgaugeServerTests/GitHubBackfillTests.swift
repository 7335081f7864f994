import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import Testing
import ValueStreamModel

/// A stand-in for api.github.com started by the test: it serves the recorded responses of
/// shared/fixtures/api in GitHub's shapes, with pagination links, one 403 rate-limit answer and
/// one 502 to retry, and counts what it was asked.
actor FakeGitHub {
    private(set) var hits: [String: Int] = [:]
    var failRunsForever = false

    func hit(_ path: String) -> Int {
        hits[path, default: 0] += 1
        return hits[path]!
    }

    func setFailRunsForever(_ value: Bool) { failRunsForever = value }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/api")

    static func fixture(_ name: String) -> Data { (try? Data(contentsOf: fixtures.appendingPathComponent(name))) ?? Data("[]".utf8) }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The fixture's deployment statuses, the latest turned into a success for the production one.
    static func statuses(settled: Bool) -> Data {
        var items = (try? JSONSerialization.jsonObject(with: fixture("github-deployment-statuses-list.json"))) as? [[String: Any]] ?? []
        if settled, !items.isEmpty { items[0]["state"] = "success" }
        return (try? JSONSerialization.data(withJSONObject: items)) ?? Data()
    }

    /// The fixture's issue, as an incident issue rather than a pull request, closed two hours later.
    static func incidentIssues() -> Data {
        var items = (try? JSONSerialization.jsonObject(with: fixture("github-issues-list.json"))) as? [[String: Any]] ?? []
        for index in items.indices {
            items[index]["pull_request"] = nil
            items[index]["closed_at"] = "2024-09-16T16:19:35Z"
        }
        return (try? JSONSerialization.data(withJSONObject: items)) ?? Data()
    }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        let base = "repos/acme/shop"
        router.get("\(base)/pulls") { request, _ in
            let page = request.uri.queryParameters["page"].map(String.init) ?? "1"
            _ = await self.hit("pulls?page=\(page)")
            guard page == "1" else { return Self.json(Data("[]".utf8)) }
            let host = request.head.authority ?? "127.0.0.1"
            return Self.json(Self.fixture("github-pulls-list.json"), headers: [
                .init("Link")!: "<http://\(host)/\(base)/pulls?state=all&per_page=100&page=2>; rel=\"next\", <http://\(host)/\(base)/pulls?state=all&per_page=100&page=2>; rel=\"last\"",
            ])
        }
        router.get("\(base)/pulls/:number/commits") { _, _ in Self.json(Self.fixture("github-pull-commits.json")) }
        router.get("\(base)/pulls/:number/reviews") { _, _ in Self.json(Self.fixture("github-pull-reviews.json")) }
        router.get("\(base)/deployments") { _, _ in
            if await self.hit("deployments") == 1 { return Self.json(Data(#"{"message":"Server Error"}"#.utf8), status: .badGateway) }
            return Self.json(Self.fixture("github-deployments-list.json"))
        }
        router.get("\(base)/deployments/:id/statuses") { _, context in
            Self.json(Self.statuses(settled: context.parameters.get("id") == "262350588"))
        }
        router.get("\(base)/actions/runs") { _, _ in
            let count = await self.hit("runs")
            if await self.failRunsForever { return Self.json(Data("{}".utf8), status: .internalServerError) }
            if count == 1 {
                return Self.json(Self.fixture("github-error-403-rate-limit.json"), status: .forbidden, headers: [
                    .init("X-RateLimit-Limit")!: "60", .init("X-RateLimit-Remaining")!: "0",
                    .init("X-RateLimit-Reset")!: String(Int(Date().timeIntervalSince1970)),
                ])
            }
            return Self.json(Self.fixture("github-actions-runs-list.json"))
        }
        router.get("\(base)/issues") { _, _ in Self.json(Self.incidentIssues()) }
        router.get("\(base)/commits") { _, _ in Self.json(Self.fixture("github-commits-list.json")) }
        return router
    }
}

@Suite("Backfilling from the GitHub REST API", .serialized)
struct GitHubBackfillTests {
    func client() -> APIClient {
        var client = APIClient(headers: ["Accept": "application/vnd.github+json"])
        client.retryDelay = .milliseconds(10)
        client.maxAttempts = 3
        return client
    }

    @Test func pagesRateLimitsAndRetriesEndInTheRightEvents() async throws {
        let github = FakeGitHub()
        let app = Application(router: github.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let store = InMemoryEventStore()
        let summary = try await app.test(.live) { testClient in
            let backfill = GitHubBackfill(ingest: IngestService(store: store, organization: OrganizationMap()), client: client())
            return try await backfill.run(try .init(repository: "acme/shop", service: "shop", apiURL: URL(string: "http://127.0.0.1:\(testClient.port!)")!))
        }
        let hits = await github.hits
        #expect(hits["pulls?page=1"] == 1 && hits["pulls?page=2"] == 1, "followed the Link header")
        #expect(hits["runs"] == 2, "waited out the 403 rate limit, then asked again")
        #expect(hits["deployments"] == 2, "retried the 502")
        #expect(summary.pages > 10)

        let history = try await store.history(of: "shop")
        let pulls = Dictionary(uniqueKeysWithValues: history.pullRequests.map { ($0.number, $0) })
        #expect(Set(pulls.keys) == [8, 13, 14])
        #expect(pulls[13]?.mergeCommitSha == "9a3b5cd25344822bca7684f87d9e123890a7bf59")
        #expect(pulls[8]?.mergeCommitSha == nil, "closed without merging")
        #expect(pulls[13]?.openedAt == RFC3339.date(from: "2018-09-28T11:37:28Z"), "the listing's time, not a part's")
        #expect(pulls[13]?.firstReviewAt == RFC3339.date(from: "2017-03-22T19:06:59Z"))
        #expect(pulls[13]?.commits.count == 1)
        #expect(history.deployments.count == 1, "only the deployment a status settled")
        #expect(history.deployments.first?.environment == "production")
        #expect(history.deployments.first?.result == .success)
        #expect(history.incidents.count == 1)
        #expect(history.incidents.first?.resolvedAt == RFC3339.date(from: "2024-09-16T16:19:35Z"))
        let statistics = try await store.statistics()
        #expect(statistics.events["pipeline_run"] == 1)
        #expect((statistics.events["commit"] ?? 0) > 1)
    }

    @Test func anInterruptedBackfillResumesWhereItStopped() async throws {
        let github = FakeGitHub()
        await github.setFailRunsForever(true)
        let app = Application(router: github.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let store = InMemoryEventStore()
        try await app.test(.live) { testClient in
            let backfill = GitHubBackfill(ingest: IngestService(store: store, organization: OrganizationMap()), client: client())
            let options = try GitHubBackfill.Options(repository: "acme/shop", service: "shop", apiURL: URL(string: "http://127.0.0.1:\(testClient.port!)")!)
            do {
                _ = try await backfill.run(options)
                Issue.record("a backfill whose runs always fail finished")
            } catch {
                #expect("\(error)".contains("HTTP 500"))
            }
            await github.setFailRunsForever(false)
            _ = try await backfill.run(options)
        }
        let hits = await github.hits
        #expect(hits["pulls?page=1"] == 1, "pull requests were not read twice")
        #expect(try await store.statistics().events["pipeline_run"] == 1)
    }

    @Test func linkHeadersAndRateLimitAnswersAreRead() {
        #expect(APIClient.nextLink(#"<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=9>; rel="last""#)?.absoluteString == "https://api.github.com/x?page=2")
        #expect(APIClient.nextLink(#"<https://gitlab.example.com/x?page=1>; rel="prev", <https://gitlab.example.com/x?page=3>; rel="next""#)?.absoluteString == "https://gitlab.example.com/x?page=3")
        #expect(APIClient.nextLink(#"<https://api.github.com/x?page=9>; rel="last""#) == nil)
        #expect(throws: APIClientError.self) { try GitHubBackfill.Options(repository: "shop") }
    }
}
