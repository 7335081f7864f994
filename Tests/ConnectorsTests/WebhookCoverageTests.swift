import Connectors
import Foundation
import Testing
import ValueStreamModel

@Suite("Webhooks: every shared fixture, known-answer signatures")
struct WebhookCoverageTests {
    /// Every fixture with its tool and the event header the tool sends with it.
    static let deliveries: [String: (tool: WebhookTool, headers: [String: String])] = [
        "circleci-workflow-completed.json": (.circleci, ["circleci-event-type": "workflow-completed"]),
        "devlake-webhook-deployment.json": (.devlake, [WebhookDecoder.pathHeader: "deployments"]),
        "devlake-webhook-issue-incident.json": (.devlake, [WebhookDecoder.pathHeader: "issues"]),
        "github-deployment.json": (.github, ["x-github-event": "deployment"]),
        "github-deployment_status.json": (.github, ["x-github-event": "deployment_status"]),
        "github-issues-labeled.json": (.github, ["x-github-event": "issues"]),
        "github-issues-opened.json": (.github, ["x-github-event": "issues"]),
        "github-ping.json": (.github, ["x-github-event": "ping"]),
        "github-pull_request-closed-merged.json": (.github, ["x-github-event": "pull_request"]),
        "github-pull_request-closed-not-merged.json": (.github, ["x-github-event": "pull_request"]),
        "github-pull_request-opened.json": (.github, ["x-github-event": "pull_request"]),
        "github-push-new-branch.json": (.github, ["x-github-event": "push"]),
        "github-push-tag-deleted.json": (.github, ["x-github-event": "push"]),
        "github-push.json": (.github, ["x-github-event": "push"]),
        "github-release-published.json": (.github, ["x-github-event": "release"]),
        "github-workflow_run-completed-with-pull-requests.json": (.github, ["x-github-event": "workflow_run"]),
        "github-workflow_run-completed.json": (.github, ["x-github-event": "workflow_run"]),
        "gitlab-deployment-go-gitlab.json": (.gitlab, ["x-gitlab-event": "Deployment Hook"]),
        "gitlab-deployment.json": (.gitlab, ["x-gitlab-event": "Deployment Hook"]),
        "gitlab-issue.json": (.gitlab, ["x-gitlab-event": "Issue Hook"]),
        "gitlab-job.json": (.gitlab, ["x-gitlab-event": "Job Hook"]),
        "gitlab-merge_request-merged.json": (.gitlab, ["x-gitlab-event": "Merge Request Hook"]),
        "gitlab-merge_request-open.json": (.gitlab, ["x-gitlab-event": "Merge Request Hook"]),
        "gitlab-pipeline.json": (.gitlab, ["x-gitlab-event": "Pipeline Hook"]),
        "gitlab-push.json": (.gitlab, ["x-gitlab-event": "Push Hook"]),
        "jenkins-notification-completed.json": (.jenkins, [:]),
        "jira-issue_updated-status-changelog.json": (.jira, [:]),
        "opsgenie-alert-close.json": (.opsgenie, [:]),
        "opsgenie-alert-create.json": (.opsgenie, [:]),
        "pagerduty-incident.priority_updated-docs.json": (.pagerduty, [:]),
        "pagerduty-incident.resolved.json": (.pagerduty, [:]),
        "pagerduty-incident.triggered.json": (.pagerduty, [:]),
    ]

    @Test func everyFixtureFileHasItsConnectorAndDecodes() throws {
        let files = try Fixtures.files(in: "webhooks")
        #expect(Set(files) == Set(Self.deliveries.keys), "a new fixture needs a line here and its field-by-field test")
        for file in files {
            guard let delivery = Self.deliveries[file] else { continue }
            // A service for the tools whose payloads may name none (Opsgenie's close, DevLake's issue).
            let connection = WebhookConnection(name: "main", tool: delivery.tool, insecure: true, service: "checkout")
            let reading = try WebhookFixture.read(file, tool: delivery.tool, headers: delivery.headers, connection: connection)
            #expect(!reading.isIgnored || file == "github-ping.json", "\(file) maps to events")
        }
    }

    @Test func theRemainingGitHubAndGitLabFixturesFieldByField() throws {
        let labelled = WebhookConnection(name: "main", tool: .github, insecure: true, incidentLabel: "bug")
        let incident = try #require(try WebhookFixture.read("github-issues-labeled.json", tool: .github, headers: ["x-github-event": "issues"], connection: labelled).events.incidents.first)
        #expect(incident.key == EventKey(source: "github", kind: .incident, id: "github.com/Codertocat/Hello-World#issue-1"))
        #expect(incident.openedAt == time("2019-05-15T15:20:18Z") && incident.resolvedAt == nil)

        let run = try #require(try WebhookFixture.read("github-workflow_run-completed-with-pull-requests.json", tool: .github, headers: ["x-github-event": "workflow_run"]).events.pipelineRuns.first)
        #expect(run.key.id == "github.com/octo-org/octo-repo:289782451")
        #expect(run.pipeline == "workflow", "an empty name is no name")
        #expect(run.sha == "3484a3fb816e0859fd6e1cea078d76385ff50625")
        #expect(run.result == .success)
        #expect(run.startedAt == time("2020-10-05T16:33:49Z"))
        #expect(run.finishedAt == time("2020-10-05T16:33:49Z"))

        let opened = try #require(try WebhookFixture.read("github-pull_request-opened.json", tool: .github, headers: ["x-github-event": "pull_request"]).events.pullRequests.first)
        #expect(opened.number == 2)
        #expect(opened.openedAt == time("2019-05-15T15:20:33Z"))
        #expect(opened.title == "Update the README with new information.")
        #expect(opened.headSha == "ec26c3e57ca3a959ca5aad62de7213c562f8c821")
        #expect(opened.baseBranch == "master")
        #expect(opened.mergedAt == nil)

        let deployment = try #require(try WebhookFixture.read("gitlab-deployment-go-gitlab.json", tool: .gitlab, headers: ["x-gitlab-event": "Deployment Hook"]).events.deployments.first)
        #expect(deployment.sha == "279484c09fbe69ededfced8c1bb6e6d24616b468")
        #expect(deployment.environment == "staging")
        #expect(deployment.finishedAt == time("2021-04-28T19:50:00Z"))
        #expect(deployment.result == .success)
    }

    @Test func integersBeyondTwoToThe53StayExact() throws {
        let object = try JSONSerialization.jsonObject(with: try Fixtures.data("webhooks/opsgenie-alert-close.json")) as! [String: Any]
        let alert = try FieldReader(object, line: 1, isToolPayload: true).object("alert")
        #expect(try alert.optionalInt64("updatedAt") == 1_420_452_374_669_001_603)
    }

    /// Expected values computed independently, with
    /// `openssl dgst -sha256 -hmac 'streamgauge-known-answer' < ../shared/fixtures/webhooks/<file>`
    /// and, for the Standard Webhooks scheme, Python's `hmac` over `msg_2Lsq.1767225600.<body>`
    /// with the key bytes 0..31.
    @Test func knownAnswerSignaturesOfTheFixtureBodies() throws {
        let secret = "streamgauge-known-answer"
        func request(_ file: String, _ headers: [String: String]) throws -> RawRequest {
            RawRequest(channel: "webhook", headers: headers, body: try Fixtures.data("webhooks/\(file)"))
        }
        let github = try request("github-push.json", ["x-hub-signature-256": "sha256=f2618d5e618d2165cc2ee67700c224f3e71309f58139d433349a9cc9249d97df"])
        try WebhookAuthenticator.verify(github, scheme: WebhookMappers.mapper(for: .github).signature, secret: secret)
        let pagerDuty = try request("pagerduty-incident.triggered.json", ["x-pagerduty-signature": "v1=00,v1=ebc6f811fe3920d4cb65949f86231d5c1d48d04f4194e7886bee5c498e15b7eb"])
        try WebhookAuthenticator.verify(pagerDuty, scheme: WebhookMappers.mapper(for: .pagerduty).signature, secret: secret)
        let jira = try request("jira-issue_updated-status-changelog.json", ["x-hub-signature": "sha256=06b9bbf8df807e3945f9b5633566acc47f06ad7a98e3cd08be28f0d16cb91d15"])
        try WebhookAuthenticator.verify(jira, scheme: WebhookMappers.mapper(for: .jira).signature, secret: secret)
        let circle = try request("circleci-workflow-completed.json", ["circleci-signature": "v1=622df929a48ea8fa63abc0f62ec65b6f9bd69f4b88973526173db94d2262be27"])
        try WebhookAuthenticator.verify(circle, scheme: WebhookMappers.mapper(for: .circleci).signature, secret: secret)
        // The same vectors with the wrong secret fail.
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(jira, scheme: WebhookMappers.mapper(for: .jira).signature, secret: "other") }

        let gitlab = try request("gitlab-push.json", [
            "webhook-id": "msg_2Lsq", "webhook-timestamp": "1767225600",
            "webhook-signature": "v1,OCZ45zmdMXnKgcuAKg8rtYvD2B12wAy6ZPyqyJtcUJo=",
        ])
        try WebhookAuthenticator.verify(
            gitlab, scheme: .gitLab, secret: "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            now: Date(timeIntervalSince1970: 1_767_225_660)
        )
    }
}
