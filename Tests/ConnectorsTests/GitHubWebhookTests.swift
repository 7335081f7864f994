import Connectors
import Foundation
import Testing
import ValueStreamModel

@Suite("Webhooks: GitHub deliveries to native events")
struct GitHubWebhookTests {
    func read(_ file: String, event: String, connection: WebhookConnection? = nil) throws -> WebhookDecoder.Reading {
        try WebhookFixture.read(file, tool: .github, headers: ["x-github-event": event, "x-github-delivery": "d-1"], connection: connection)
    }

    @Test func pushRebuildsTheParentChainFromBefore() throws {
        let reading = try read("github-push.json", event: "push")
        #expect(reading.deliveryId == "d-1")
        let commit = try #require(reading.events.commits.first)
        #expect(reading.events.count == 1)
        #expect(commit.key == EventKey(source: "github", kind: .commit, id: "fd489864e7642b48eaad6e3f155c10e46810ec72"))
        #expect(commit.repository == "github.com/binkkatal/sample_app")
        #expect(commit.parents == ["737d38c599c1b2991664dfc6155d6bf516fcce36"])
        // 19:34:13 at +05:30.
        #expect(commit.authoredAt == time("2018-06-29T14:04:13Z"))
        #expect(commit.authorPseudonym?.hasPrefix("anon-") == true)
    }

    @Test func aNewBranchsFirstCommitHasAnUnknownParentThatDataQualityCounts() throws {
        let commit = try #require(try read("github-push-new-branch.json", event: "push").events.commits.first)
        #expect(commit.parents == [String(repeating: "0", count: 40)])
    }

    @Test func aChainOfSeveralCommitsLinksEachToThePreviousAndSkipsCommitsPushedBefore() throws {
        let body = try WebhookFixture.edited("github-push.json") { object in
            var first = (object["commits"] as! [[String: Any]])[0]
            var second = first, third = first
            first["id"] = "a1"; first["distinct"] = false
            second["id"] = "a2"
            third["id"] = "a3"; third["message"] = "Merge branch 'feature'"
            object["commits"] = [first, second, third]
        }
        let commits = try WebhookFixture.read(body: body, tool: .github, headers: ["x-github-event": "push"]).events.commits
        #expect(commits.map(\.sha) == ["a2", "a3"])
        #expect(commits[0].parents == ["a1"])
        #expect(commits[1].parents == ["737d38c599c1b2991664dfc6155d6bf516fcce36", "a2"])
    }

    @Test func aDeletedTagIsNothingAndAPushedReleaseTagIsADeploymentWhenConfigured() throws {
        #expect(try read("github-push-tag-deleted.json", event: "push").events.isEmpty)
        let body = try WebhookFixture.edited("github-push.json") { object in
            object["ref"] = "refs/tags/v1.4.0"
            object["commits"] = []
        }
        let plain = try WebhookFixture.read(body: body, tool: .github, headers: ["x-github-event": "push"])
        #expect(plain.events.isEmpty)
        let releasing = WebhookConnection(name: "main", tool: .github, insecure: true, releaseTags: "v*")
        let deployment = try #require(try WebhookFixture.read(body: body, tool: .github, headers: ["x-github-event": "push"], connection: releasing).events.deployments.first)
        #expect(deployment.sha == "fd489864e7642b48eaad6e3f155c10e46810ec72")
        #expect(deployment.environment == "production")
        #expect(deployment.service == "sample_app")
        // `repository.pushed_at` is epoch seconds in push payloads.
        #expect(deployment.finishedAt == Date(timeIntervalSince1970: 1_530_281_075))
    }

    @Test func pullRequestsKeepTheMergeCommitOnlyWhenMerged() throws {
        let merged = try #require(try read("github-pull_request-closed-merged.json", event: "pull_request").events.pullRequests.first)
        #expect(merged.key.id == "github.com/robvanderleek/create-issue-branch#117")
        #expect(merged.mergedAt == time("2020-03-23T06:46:56Z"))
        #expect(merged.mergeCommitSha == "5a47c3f3c22f54f37a3297f2f1c98d860fba4489")
        #expect(merged.openedAt == time("2020-03-23T06:36:20Z"))
        let closed = try #require(try read("github-pull_request-closed-not-merged.json", event: "pull_request").events.pullRequests.first)
        #expect(closed.mergedAt == nil)
        #expect(closed.mergeCommitSha == nil)
        #expect(closed.closedAt != nil)
        let opened = try read("github-pull_request-opened.json", event: "pull_request")
        #expect(opened.events.first?.mode == .merge)
    }

    @Test func aSubmittedReviewIsThePullRequestsFirstReview() throws {
        let body = try WebhookFixture.edited("github-pull_request-opened.json") { object in
            object["action"] = "submitted"
            object["review"] = ["id": 1, "state": "approved", "submitted_at": "2019-05-15T16:00:00Z"]
        }
        let pull = try #require(try WebhookFixture.read(body: body, tool: .github, headers: ["x-github-event": "pull_request_review"]).events.pullRequests.first)
        #expect(pull.firstReviewAt == time("2019-05-15T16:00:00Z"))
    }

    @Test func aSettledDeploymentStatusIsADeployment() throws {
        let deployment = try #require(try read("github-deployment_status.json", event: "deployment_status").events.deployments.first)
        #expect(deployment.key.id == "github.com/Codertocat/Hello-World:145988746")
        #expect(deployment.sha == "f95f852bd8fca8fcc58a9a2d6c842781e32a215e")
        #expect(deployment.environment == "production")
        #expect(deployment.finishedAt == time("2019-05-15T15:20:55Z"))
        #expect(deployment.result == .success)
        #expect(try read("github-deployment.json", event: "deployment").events.isEmpty)

        let pending = try WebhookFixture.edited("github-deployment_status.json") { object in
            var status = object["deployment_status"] as! [String: Any]
            status["state"] = "in_progress"
            object["deployment_status"] = status
        }
        #expect(try WebhookFixture.read(body: pending, tool: .github, headers: ["x-github-event": "deployment_status"]).events.isEmpty)
    }

    @Test func aDeploymentToAConnectionsProductionNameIsProduction() throws {
        let body = try WebhookFixture.edited("github-deployment_status.json") { object in
            var deployment = object["deployment"] as! [String: Any]
            deployment["environment"] = "prod-eu"
            object["deployment"] = deployment
        }
        let connection = WebhookConnection(name: "main", tool: .github, insecure: true, productionEnvironments: ["PROD-EU"])
        let deployment = try #require(try WebhookFixture.read(body: body, tool: .github, headers: ["x-github-event": "deployment_status"], connection: connection).events.deployments.first)
        #expect(deployment.environment == "production")
    }

    @Test func aWorkflowRunIsAPipelineRun() throws {
        let run = try #require(try read("github-workflow_run-completed.json", event: "workflow_run").events.pipelineRuns.first)
        #expect(run.result == .success)
        #expect(run.sha == "3484a3fb816e0859fd6e1cea078d76385ff50625")
        #expect(run.finishedAt == time("2020-10-05T16:33:49Z"))
        #expect(run.queuedAt == time("2020-10-05T16:33:24Z"))
    }

    @Test func anIssueIsAnIncidentOnlyWithTheIncidentLabel() throws {
        #expect(try read("github-issues-opened.json", event: "issues").events.isEmpty)
        let labelled = WebhookConnection(name: "main", tool: .github, insecure: true, incidentLabel: "BUG")
        let incident = try #require(try read("github-issues-opened.json", event: "issues", connection: labelled).events.incidents.first)
        #expect(incident.key.id == "github.com/Codertocat/Hello-World#issue-1")
        #expect(incident.openedAt == time("2019-05-15T15:20:18Z"))
        #expect(incident.resolvedAt == nil)
        #expect(incident.services == ["Hello-World"])
    }

    @Test func aReleaseOfABranchLeavesTheDeploymentToItsTagPush() throws {
        let connection = WebhookConnection(name: "main", tool: .github, insecure: true, releaseTags: "*")
        #expect(try read("github-release-published.json", event: "release", connection: connection).events.isEmpty)
        let sha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
        let body = try WebhookFixture.edited("github-release-published.json") { object in
            var release = object["release"] as! [String: Any]
            release["target_commitish"] = sha
            object["release"] = release
        }
        let deployment = try #require(try WebhookFixture.read(body: body, tool: .github, headers: ["x-github-event": "release"], connection: connection).events.deployments.first)
        #expect(deployment.sha == sha)
        #expect(deployment.key.id == "github.com/Codertocat/Hello-World@0.0.1")
        #expect(deployment.finishedAt == time("2019-05-15T15:20:53Z"))
    }

    @Test func pingAndUnusedEventTypes() throws {
        let ping = try read("github-ping.json", event: "ping")
        #expect(ping.events.isEmpty && !ping.isIgnored)
        let star = try read("github-ping.json", event: "star")
        #expect(star.isIgnored && star.events.isEmpty)
    }

    @Test func aPayloadMissingWhatTheMappingNeedsNamesTheField() throws {
        let body = try WebhookFixture.edited("github-deployment_status.json") { object in
            var deployment = object["deployment"] as! [String: Any]
            deployment["sha"] = nil
            object["deployment"] = deployment
        }
        let error = #expect(throws: EventDecodingError.self) {
            try WebhookFixture.read(body: body, tool: .github, headers: ["x-github-event": "deployment_status"])
        }
        #expect(error?.field == "deployment.sha")
        #expect(throws: EventDecodingError.self) {
            try WebhookFixture.read(body: Data("{not json".utf8), tool: .github, headers: ["x-github-event": "push"])
        }
    }

    @Test func aFormEncodedDeliveryCarriesItsJSONInPayload() throws {
        let json = String(decoding: try Fixtures.data("webhooks/github-push.json"), as: UTF8.self)
        let form = "payload=" + json.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let reading = try WebhookFixture.read(
            body: Data(form.utf8), tool: .github,
            headers: ["x-github-event": "push", "content-type": "application/x-www-form-urlencoded"]
        )
        #expect(reading.events.commits.count == 1)
    }
}
