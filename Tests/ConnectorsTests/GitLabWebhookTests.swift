import Connectors
import Foundation
import Testing
import ValueStreamModel

@Suite("Webhooks: GitLab deliveries to native events")
struct GitLabWebhookTests {
    func read(_ file: String, event: String, connection: WebhookConnection? = nil) throws -> WebhookDecoder.Reading {
        try WebhookFixture.read(file, tool: .gitlab, headers: ["x-gitlab-event": event, "idempotency-key": "k-1"], connection: connection)
    }

    @Test func aPushCutShortLeavesTheOldestListedCommitsParentUnknown() throws {
        let reading = try read("gitlab-push.json", event: "Push Hook")
        #expect(reading.deliveryId == "k-1")
        let commits = reading.events.commits
        #expect(commits.map { String($0.sha.prefix(8)) } == ["b6568db1", "da156088"])
        // total_commits_count is 4 but only 2 are listed: `before` is not the first one's parent.
        #expect(commits[0].parents == [String(repeating: "0", count: 40)])
        #expect(commits[1].parents == [commits[0].sha])
        #expect(commits[0].repository == "example.com/mike/diaspora")
        #expect(commits[0].authoredAt == time("2011-12-12T12:27:31Z"))
    }

    @Test func aMergedRequestIsDatedByTheMergeEvent() throws {
        let merged = try #require(try read("gitlab-merge_request-merged.json", event: "Merge Request Hook").events.pullRequests.first)
        #expect(merged.key == EventKey(source: "gitlab", kind: .pullRequest, id: "gitlab.com/tomaszkolek0/my-awesome-project!3"))
        #expect(merged.openedAt == time("2016-08-22T20:27:22Z"))
        #expect(merged.mergedAt == time("2016-08-22T20:41:06Z"))
        #expect(merged.mergeCommitSha == "5bcfb805534d13224e8fa7698a2819bf0d055f29")
        let open = try #require(try read("gitlab-merge_request-open.json", event: "Merge Request Hook").events.pullRequests.first)
        #expect(open.mergedAt == nil && open.mergeCommitSha == nil)
        #expect(open.openedAt == time("2013-12-03T17:23:34Z"))
    }

    @Test func pipelinesAndJobsArePipelineRuns() throws {
        let pipeline = try #require(try read("gitlab-pipeline.json", event: "Pipeline Hook").events.pipelineRuns.first)
        #expect(pipeline.result == .success)
        #expect(pipeline.sha == "bcbb5ec396a2c0f828686f14fac9b80b780504f2")
        #expect(pipeline.startedAt == time("2016-08-12T15:23:28Z"))
        #expect(pipeline.finishedAt == time("2016-08-12T15:26:29Z"))
        let job = try #require(try read("gitlab-job.json", event: "Job Hook").events.pipelineRuns.first)
        #expect(job.result == .success)
        #expect(job.repository == "gitlab.com/jsmithy2/release-tools-fake")
        #expect(job.finishedAt == time("2023-01-10T13:50:54Z"))
    }

    @Test func aDeploymentTakesItsShaFromTheCommitURL() throws {
        let deployment = try #require(try read("gitlab-deployment.json", event: "Deployment Hook").events.deployments.first)
        #expect(deployment.sha == "279484c09fbe69ededfced8c1bb6e6d24616b468")
        #expect(deployment.environment == "staging")
        // 21:50:00 +0200.
        #expect(deployment.finishedAt == time("2021-04-28T19:50:00Z"))
        // The repository as the GitLab backfill names it too.
        #expect(deployment.key.id == "10.126.0.2/3000/root/test-deployment-webhooks:15")
        let production = try WebhookFixture.edited("gitlab-deployment.json") { object in
            object["environment"] = "eu-1"
            object["environment_tier"] = "production"
        }
        let fromTier = try #require(try WebhookFixture.read(body: production, tool: .gitlab, headers: ["x-gitlab-event": "Deployment Hook"]).events.deployments.first)
        #expect(fromTier.environment == "production")
        let running = try WebhookFixture.edited("gitlab-deployment.json") { $0["status"] = "running" }
        #expect(try WebhookFixture.read(body: running, tool: .gitlab, headers: ["x-gitlab-event": "Deployment Hook"]).events.isEmpty)
    }

    @Test func anIssueIsAnIncidentByTypeOrLabel() throws {
        #expect(try read("gitlab-issue.json", event: "Issue Hook").events.isEmpty)
        let labelled = WebhookConnection(name: "main", tool: .gitlab, insecure: true, incidentLabel: "api")
        let incident = try #require(try read("gitlab-issue.json", event: "Issue Hook", connection: labelled).events.incidents.first)
        #expect(incident.severity == "high")
        #expect(incident.openedAt == time("2013-12-03T17:15:43Z"))
        let typed = try WebhookFixture.edited("gitlab-issue.json") { object in
            var attributes = object["object_attributes"] as! [String: Any]
            attributes["type"] = "Incident"
            attributes["state"] = "closed"
            attributes["closed_at"] = "2013-12-03 19:15:43 UTC"
            object["object_attributes"] = attributes
        }
        let closed = try #require(try WebhookFixture.read(body: typed, tool: .gitlab, headers: ["x-gitlab-event": "Issue Hook"]).events.incidents.first)
        #expect(closed.resolvedAt == time("2013-12-03T19:15:43Z"))
    }

    @Test func theEventTypeFallsBackToObjectKind() throws {
        let reading = try WebhookFixture.read("gitlab-push.json", tool: .gitlab)
        #expect(reading.eventType == "push")
        #expect(reading.events.commits.count == 2)
    }
}

@Suite("Webhooks: incident tools, Jira, CI servers and DevLake")
struct OtherToolWebhookTests {
    @Test func pagerDutyEventsArePartsOfOneIncident() throws {
        let triggered = try WebhookFixture.read("pagerduty-incident.triggered.json", tool: .pagerduty, headers: ["x-webhook-id": "w-1"])
        #expect(triggered.deliveryId == "w-1")
        let opened = try #require(triggered.events.incidents.first)
        #expect(triggered.events.first?.mode == .merge)
        #expect(opened.key == EventKey(source: "pagerduty", kind: .incident, id: "PFQZPSY"))
        #expect(opened.openedAt == time("2021-06-04T13:35:29.781Z"))
        #expect(opened.resolvedAt == nil)
        #expect(opened.severity == "high")
        let resolved = try #require(try WebhookFixture.read("pagerduty-incident.resolved.json", tool: .pagerduty).events.incidents.first)
        #expect(resolved.resolvedAt == time("2021-06-04T13:16:53.816Z"))
        // The docs example carries `created_at`: the opening, whatever the event.
        let updated = try #require(try WebhookFixture.read("pagerduty-incident.priority_updated-docs.json", tool: .pagerduty).events.incidents.first)
        #expect(updated.openedAt == time("2020-04-09T15:16:27Z"))
        #expect(updated.services == ["api-service"])
        let mapped = WebhookConnection(name: "main", tool: .pagerduty, insecure: true, services: ["PF9KMXH": "checkout"])
        #expect(try WebhookFixture.read("pagerduty-incident.priority_updated-docs.json", tool: .pagerduty, connection: mapped).events.incidents.first?.services == ["checkout"])
    }

    @Test func opsgenieAlertsOpenAndCloseIncidents() throws {
        let created = try #require(try WebhookFixture.read("opsgenie-alert-create.json", tool: .opsgenie).events.incidents.first)
        #expect(created.openedAt == Date(timeIntervalSince1970: 1_502_709_956.288))
        #expect(created.services == ["server"])
        // The closing alert names no entity: the connection must say which service it is.
        #expect(throws: EventDecodingError.self) { try WebhookFixture.read("opsgenie-alert-close.json", tool: .opsgenie) }
        let withService = WebhookConnection(name: "main", tool: .opsgenie, insecure: true, service: "checkout")
        let closed = try #require(try WebhookFixture.read("opsgenie-alert-close.json", tool: .opsgenie, connection: withService).events.incidents.first)
        #expect(closed.openedAt == Date(timeIntervalSince1970: 1_420_452_191.104))
        // Nanoseconds beyond 2^53 read exactly as integers, then as a time.
        #expect(abs(closed.resolvedAt!.timeIntervalSince1970 - 1_420_452_374.669_001_603) < 1e-6)
    }

    @Test func jiraStatusChangesAreWorkItemTransitionsAtTheDeliveryTime() throws {
        let reading = try WebhookFixture.read("jira-issue_updated-status-changelog.json", tool: .jira, headers: ["x-atlassian-webhook-identifier": "j-9"])
        #expect(reading.deliveryId == "j-9")
        let item = try #require(reading.events.workItems.first)
        #expect(item.itemKey == "TEST-1")
        #expect(item.type == .feature)
        #expect(item.createdAt == time("2017-01-30T17:30:41.962Z"))
        #expect(item.transitions == [StatusTransition(status: "In Progress", at: Date(timeIntervalSince1970: 1_485_797_534.721))])
        #expect(item.service == "abc")
        #expect(reading.events.incidents.isEmpty)
        let incidentType = WebhookConnection(name: "main", tool: .jira, insecure: true, incidentIssueType: "task")
        let asIncident = try WebhookFixture.read("jira-issue_updated-status-changelog.json", tool: .jira, connection: incidentType)
        #expect(asIncident.events.incidents.first?.openedAt == time("2017-01-30T17:30:41.962Z"))
        #expect(asIncident.events.workItems.first?.type == .defect)
    }

    @Test func circleCIWorkflowsAreDeploymentsWhenTheRuleSaysSo() throws {
        let deployment = try #require(try WebhookFixture.read("circleci-workflow-completed.json", tool: .circleci).events.deployments.first)
        #expect(deployment.sha == "1dc6aa69429bff4806ad6afe58d3d8f57e25973e")
        #expect(deployment.service == "webhook-service")
        #expect(deployment.environment == "production")
        #expect(deployment.finishedAt == time("2021-09-01T22:49:34.170Z"))
        let strict = WebhookConnection(name: "main", tool: .circleci, insecure: true, deployments: DeploymentMatch(match: "release-*"))
        let reading = try WebhookFixture.read("circleci-workflow-completed.json", tool: .circleci, connection: strict)
        #expect(reading.deliveryId == "3888f21b-eaa7-38e3-8f3d-75a63bba8895")
        let run = try #require(reading.events.pipelineRuns.first)
        #expect(run.pipeline == "build-test-deploy")
        #expect(run.result == .success)
    }

    @Test func jenkinsBuildsArePipelineRunsOrDeployments() throws {
        let reading = try WebhookFixture.read("jenkins-notification-completed.json", tool: .jenkins)
        #expect(reading.deliveryId == "example-springboot#7:COMPLETED")
        let run = try #require(reading.events.pipelineRuns.first)
        #expect(run.result == .success)
        #expect(run.finishedAt == Date(timeIntervalSince1970: 1_569_761_576.042))
        #expect(run.repository == "github.com/Infaye/cicdexamplespringboot")
        let deploying = WebhookConnection(name: "main", tool: .jenkins, insecure: true, deployments: DeploymentMatch(match: "example-*", environment: "prod"))
        let deployment = try #require(try WebhookFixture.read("jenkins-notification-completed.json", tool: .jenkins, connection: deploying).events.deployments.first)
        #expect(deployment.sha == "e530787911aba85fbc97cc89cdf4a12d7a09cebc")
        #expect(deployment.environment == "prod")
        #expect(deployment.service == "cicdexamplespringboot")
        let finalized = try WebhookFixture.edited("jenkins-notification-completed.json") { object in
            var build = object["build"] as! [String: Any]
            build["phase"] = "FINALIZED"
            object["build"] = build
        }
        #expect(try WebhookFixture.read(body: finalized, tool: .jenkins).isIgnored)
    }

    @Test func devLakeRequestsByPath() throws {
        func read(_ file: String, path: String, connection: WebhookConnection? = nil) throws -> WebhookDecoder.Reading {
            try WebhookFixture.read(file, tool: .devlake, headers: [WebhookDecoder.pathHeader: path], connection: connection)
        }
        let deployments = try read("devlake-webhook-deployment.json", path: "deployments").events.deployments
        #expect(deployments.map(\.key.id) == ["required-id@required-repo-url", "required-id@repo-2"])
        #expect(deployments.map(\.result) == [.success, .failure])
        #expect(deployments.map(\.service) == ["required-repo-url", "repo-2"])
        #expect(deployments[0].environment == "production")
        #expect(deployments[0].finishedAt == time("2020-01-02T11:00:00Z"))
        #expect(throws: EventDecodingError.self) { try read("devlake-webhook-issue-incident.json", path: "issues") }
        let withService = WebhookConnection(name: "main", tool: .devlake, insecure: true, service: "checkout")
        let incident = try #require(try read("devlake-webhook-issue-incident.json", path: "issues", connection: withService).events.incidents.first)
        #expect(incident.key.id == "DLK-1234")
        #expect(incident.services == ["checkout"])
        #expect(incident.resolvedAt == nil)
        let close = try WebhookFixture.read(body: Data(), tool: .devlake, headers: [WebhookDecoder.pathHeader: "issue/DLK-1234/close"])
        #expect(close.events.map(\.mode) == [.amend, .amend])
        #expect(close.events.incidents.first?.resolvedAt == Date(timeIntervalSince1970: 1_700_000_000))
    }
}
