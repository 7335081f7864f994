import Crypto
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import StreamgaugeServer
import Testing
import ValueStreamModel

/// The real webhook payloads of `../shared/fixtures/webhooks`, edited where a test needs a case
/// they lack, and signed as each tool signs them.
enum WebhookPayloads {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/webhooks")

    static func data(_ file: String, _ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try Data(contentsOf: directory.appendingPathComponent(file))) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func hexHMAC(_ body: Data, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }
}

@Suite("HTTP: webhooks")
struct WebhookTests {
    static let secret = "topsecret"

    func configuration(_ connections: [WebhookConnection], environment: [String: String] = ["HOOK_SECRET": secret]) -> StreamgaugeConfiguration {
        var configuration = testConfiguration(requiresAuthentication: true)
        configuration.connections = connections
        configuration.environment = environment
        return configuration
    }

    func gitHub(_ event: String, _ body: Data, delivery: String = UUID().uuidString, signature: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields[HTTPField.Name("X-GitHub-Event")!] = event
        fields[HTTPField.Name("X-GitHub-Delivery")!] = delivery
        fields[HTTPField.Name("X-Hub-Signature-256")!] = signature ?? "sha256=" + WebhookPayloads.hexHMAC(body, secret: Self.secret)
        return fields
    }

    @Test func aSignedDeliveryIsStoredOnceAndEverythingElseStoresNothing() async throws {
        let (store, _) = try temporarySQLiteStore()
        let app = makeApplication(configuration: configuration([WebhookConnection(name: "shop", tool: .github, secretEnv: "HOOK_SECRET")]), store: store)
        let push = try WebhookPayloads.data("github-push.json")
        try await app.test(.router) { client in
            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: gitHub("push", push, delivery: "d-1"), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["accepted"] as? Int == 1)
                #expect(response.json["event"] as? String == "push")
            }
            // GitHub keeps X-GitHub-Delivery on a redelivery.
            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: gitHub("push", push, delivery: "d-1"), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["redelivery"] as? Bool == true)
                #expect(response.json["accepted"] as? Int == 0)
            }
            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: gitHub("push", push, signature: "sha256=" + String(repeating: "0", count: 64)), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .unauthorized)
                #expect((response.json["error"] as? String)?.contains("does not match") == true)
            }
            var unsigned = gitHub("push", push)
            unsigned[HTTPField.Name("X-Hub-Signature-256")!] = nil
            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: unsigned, body: ByteBuffer(data: push)) { response in
                #expect(response.status == .unauthorized)
            }
            let malformed = Data("{\"ref\": ".utf8)
            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: gitHub("push", malformed), body: ByteBuffer(data: malformed)) { response in
                #expect(response.status == .badRequest)
            }
            let noSha = try WebhookPayloads.data("github-deployment_status.json") { object in
                var deployment = object["deployment"] as! [String: Any]
                deployment["sha"] = nil
                object["deployment"] = deployment
            }
            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: gitHub("deployment_status", noSha), body: ByteBuffer(data: noSha)) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "deployment.sha")
            }
            #expect(try await store.statistics().archivedRequests == 1, "only the first delivery was stored")

            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: gitHub("star", push), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .accepted, "an unused event type is accepted, so GitHub does not disable the hook")
                #expect(response.json["ignored"] != nil)
            }
            let ping = try WebhookPayloads.data("github-ping.json")
            try await client.execute(uri: "/webhooks/github/shop", method: .post, headers: gitHub("ping", ping), body: ByteBuffer(data: ping)) { response in
                #expect(response.status == .ok)
                #expect(response.json["pong"] as? Bool == true)
            }
            try await client.execute(uri: "/webhooks/github/other", method: .post, headers: gitHub("push", push), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/webhooks/gitlab/shop", method: .post, headers: gitHub("push", push), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .notFound, "the connection is GitHub's; another tool cannot use it")
            }
            try await client.execute(uri: "/webhooks/bitbucket/shop", method: .post, headers: gitHub("push", push), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .notFound)
            }
        }
        let archived = try await store.archivedRequests(after: 0, limit: 10)
        #expect(archived.count == 2, "the push, and the unused event type")
        #expect(archived[0].deliveryKey == "shop:d-1")
        #expect(archived[0].headers["x-hub-signature-256"] == nil, "secrets and signatures are not archived")
        #expect(archived[0].headers["x-github-event"] == "push")
        #expect(try await store.statistics().events["commit"] == 1)
    }

    @Test func aSecretThatCannotBeReadRefusesDeliveriesAndInsecureConnectionsNeedNone() async throws {
        let store = InMemoryEventStore()
        let connections = [
            WebhookConnection(name: "locked", tool: .github, secretEnv: "UNSET_SECRET"),
            WebhookConnection(name: "open", tool: .github, insecure: true),
            WebhookConnection(name: "filed", tool: .jenkins, secretFile: "/nonexistent/secret"),
        ]
        let app = makeApplication(configuration: configuration(connections), store: store)
        let push = try WebhookPayloads.data("github-push.json")
        try await app.test(.router) { client in
            try await client.execute(uri: "/webhooks/github/locked", method: .post, headers: gitHub("push", push), body: ByteBuffer(data: push)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.text.contains("UNSET_SECRET"))
                #expect(!response.text.contains(Self.secret))
            }
            try await client.execute(uri: "/webhooks/jenkins/filed", method: .post, headers: [.authorization: "Bearer x"], body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .serviceUnavailable)
            }
            var unsigned = gitHub("push", push)
            unsigned[HTTPField.Name("X-Hub-Signature-256")!] = nil
            try await client.execute(uri: "/webhooks/github/open", method: .post, headers: unsigned, body: ByteBuffer(data: push)) { response in
                #expect(response.status == .accepted)
            }
        }
        #expect(try await store.statistics().archivedRequests == 1)
    }

    @Test func pagerDutyEventsJoinIntoOneIncidentInEitherOrder() async throws {
        let store = InMemoryEventStore()
        let connection = WebhookConnection(name: "pd", tool: .pagerduty, secretEnv: "HOOK_SECRET", services: ["PA2P440": "checkout"])
        let app = makeApplication(configuration: configuration([connection]), store: store)
        let triggered = try WebhookPayloads.data("pagerduty-incident.triggered.json")
        let resolved = try WebhookPayloads.data("pagerduty-incident.triggered.json") { object in
            var event = object["event"] as! [String: Any]
            event["event_type"] = "incident.resolved"
            event["occurred_at"] = "2021-06-04T14:05:29.781Z"
            event["id"] = "resolution"
            object["event"] = event
        }
        try await app.test(.router) { client in
            for (body, id) in [(resolved, "w-2"), (triggered, "w-1")] {
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[HTTPField.Name("X-PagerDuty-Signature")!] = "v1=\(WebhookPayloads.hexHMAC(body, secret: "rotated-out")),v1=\(WebhookPayloads.hexHMAC(body, secret: Self.secret))"
                headers[HTTPField.Name("X-Webhook-Id")!] = id
                try await client.execute(uri: "/webhooks/pagerduty/pd", method: .post, headers: headers, body: ByteBuffer(data: body)) { response in
                    #expect(response.status == .accepted)
                }
            }
        }
        let incidents = try await store.history(of: "checkout").incidents
        #expect(incidents.count == 1)
        #expect(incidents.first?.openedAt == RFC3339.date(from: "2021-06-04T13:35:29.781Z"))
        #expect(incidents.first?.resolvedAt == RFC3339.date(from: "2021-06-04T14:05:29.781Z"))
    }

    /// Two pushes, a pull request and two deployments through GitHub, an incident through
    /// PagerDuty: the report is worked out by hand, and reprocessing the archive gives it again.
    @Test func webhooksAloneGiveAnExactReportThatReprocessingRederives() async throws {
        let (store, _) = try temporarySQLiteStore()
        let connections = [
            WebhookConnection(name: "gh", tool: .github, secretEnv: "HOOK_SECRET"),
            WebhookConnection(name: "pd", tool: .pagerduty, secretEnv: "HOOK_SECRET", service: "sample_app"),
        ]
        let configuration = configuration(connections)
        let app = makeApplication(configuration: configuration, store: store)
        let sha = { (n: Int) in String(repeating: String(n), count: 40) }
        func push(before: String, _ commits: [(Int, String)]) throws -> Data {
            try WebhookPayloads.data("github-push.json") { object in
                let template = (object["commits"] as! [[String: Any]])[0]
                object["before"] = before
                object["commits"] = commits.map { number, timestamp in
                    var commit = template
                    commit["id"] = sha(number)
                    commit["timestamp"] = timestamp
                    return commit
                }
            }
        }
        func deployment(_ id: Int, sha: String, at: String) throws -> Data {
            try WebhookPayloads.data("github-deployment_status.json") { object in
                var deployment = object["deployment"] as! [String: Any]
                deployment["id"] = id
                deployment["sha"] = sha
                object["deployment"] = deployment
                var status = object["deployment_status"] as! [String: Any]
                status["created_at"] = at
                object["deployment_status"] = status
                var repository = object["repository"] as! [String: Any]
                repository["html_url"] = "https://github.com/binkkatal/sample_app"
                object["repository"] = repository
            }
        }
        let incident = try WebhookPayloads.data("pagerduty-incident.triggered.json") { object in
            var event = object["event"] as! [String: Any]
            event["occurred_at"] = "2026-03-02T16:00:00Z"
            object["event"] = event
        }
        let resolution = try WebhookPayloads.data("pagerduty-incident.resolved.json") { object in
            var event = object["event"] as! [String: Any]
            var data = event["data"] as! [String: Any]
            data["id"] = "PFQZPSY"
            event["data"] = data
            event["occurred_at"] = "2026-03-02T17:00:00Z"
            object["event"] = event
        }
        let pullRequest = try WebhookPayloads.data("github-pull_request-closed-merged.json") { object in
            var pull = object["pull_request"] as! [String: Any]
            pull["created_at"] = "2026-03-02T10:30:00Z"
            pull["merged_at"] = "2026-03-02T12:30:00Z"
            pull["merge_commit_sha"] = sha(3)
            pull["title"] = "Retry payments PAY-7"
            object["pull_request"] = pull
            object["repository"] = ["html_url": "https://github.com/binkkatal/sample_app"]
        }
        let deliveries: [(String, String, Data)] = [
            ("gh", "push", try push(before: sha(9), [(1, "2026-03-01T09:00:00Z")])),
            ("gh", "deployment_status", try deployment(1, sha: sha(1), at: "2026-03-01T10:00:00Z")),
            ("gh", "push", try push(before: sha(1), [(2, "2026-03-02T11:00:00Z"), (3, "2026-03-02T12:00:00Z")])),
            ("gh", "pull_request", pullRequest),
            ("gh", "deployment_status", try deployment(2, sha: sha(3), at: "2026-03-02T15:00:00Z")),
            ("pd", "incident.triggered", incident),
            ("pd", "incident.resolved", resolution),
        ]
        let reportURI = "/api/v1/metrics?scope=service&name=sample_app&from=2026-03-01&to=2026-03-08"
        try await store.prepare()
        let token = try await TokenIssuer(store: store).create(name: "test", scopes: [.admin]).secret
        let report = try await app.test(.router) { client in
            for (connection, event, body) in deliveries {
                var headers: HTTPFields
                if connection == "gh" {
                    headers = gitHub(event, body)
                } else {
                    headers = [.contentType: "application/json"]
                    headers[HTTPField.Name("X-PagerDuty-Signature")!] = "v1=" + WebhookPayloads.hexHMAC(body, secret: Self.secret)
                }
                try await client.execute(uri: "/webhooks/\(connection == "gh" ? "github" : "pagerduty")/\(connection)", method: .post, headers: headers, body: ByteBuffer(data: body)) { response in
                    #expect(response.status == .accepted, "\(event): \(response.text)")
                }
            }
            return try await client.execute(uri: reportURI, method: .get, headers: [.authorization: "Bearer \(token)"]) { $0.json }
        }
        // Deployments at 10:00 (first, c1) and 15:00 next day (c2 at 11:00: 4 h; c3 at 12:00: 3 h).
        let frequency = report["deploymentFrequency"] as? [String: Any]
        #expect(frequency?["count"] as? Int == 2)
        let lead = report["leadTimeForChanges"] as? [String: Any]
        #expect(lead?["changes"] as? Int == 2)
        #expect(lead?["p50Seconds"] as? Double == 12_600)
        // The incident an hour after the second deployment fails it; it is resolved at 17:00, two
        // hours after that deployment finished (METRICS.md: recoveredAt - D.finishedAt).
        let failures = report["changeFailureRate"] as? [String: Any]
        #expect(failures?["failed"] as? Int == 1)
        let recovery = report["failedDeploymentRecoveryTime"] as? [String: Any]
        #expect(recovery?["p50Seconds"] as? Double == 7_200)

        let pull = try #require(try await store.history(of: "sample_app").pullRequests.first)
        #expect(pull.mergeCommitSha == sha(3) && pull.number == 117 && pull.workItems == ["PAY-7"])
        #expect(pull.openedAt == RFC3339.date(from: "2026-03-02T10:30:00Z"))

        let decoders = try await ConnectionDirectory(configured: configuration.connections, store: store).decoders(organization: configuration.organization)
        let summary = try await Reprocessor(store: store, organization: configuration.organization, decoders: decoders).run()
        #expect(summary.requests == 7 && summary.undecodable.isEmpty)
        let again = try await app.test(.router) { client in
            try await client.execute(uri: reportURI, method: .get, headers: [.authorization: "Bearer \(token)"]) { $0.text }
        }
        let first = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        let second = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(again.utf8)), options: [.sortedKeys])
        #expect(first == second)
    }

    @Test func devLakeScriptsWorkByChangingOnlyTheHost() async throws {
        let store = InMemoryEventStore()
        let connection = WebhookConnection(name: "1", tool: .devlake, secretEnv: "HOOK_SECRET", service: "checkout")
        let app = makeApplication(configuration: configuration([connection]), store: store)
        let bearer: HTTPFields = [.authorization: "Bearer \(Self.secret)", .contentType: "application/json"]
        try await app.test(.router) { client in
            let deployment = try WebhookPayloads.data("devlake-webhook-deployment.json")
            try await client.execute(uri: "/api/rest/plugins/webhook/connections/1/deployments", method: .post, headers: bearer, body: ByteBuffer(data: deployment)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["accepted"] as? Int == 2)
            }
            try await client.execute(uri: "/api/rest/plugins/webhook/connections/1/deployments", method: .post, headers: [.authorization: "Bearer wrong"], body: ByteBuffer(data: deployment)) { response in
                #expect(response.status == .unauthorized)
            }
            let issue = try WebhookPayloads.data("devlake-webhook-issue-incident.json")
            try await client.execute(uri: "/api/plugins/webhook/1/issues", method: .post, headers: bearer, body: ByteBuffer(data: issue)) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/webhooks/devlake/1/issue/DLK-1234/close", method: .post, headers: bearer) { response in
                #expect(response.status == .accepted)
                #expect(response.json["accepted"] as? Int == 1, "the incident is closed; no work item is invented")
            }
        }
        let incidents = try await store.history(of: "checkout").incidents
        #expect(incidents.count == 1)
        #expect(incidents.first?.resolvedAt != nil)
        #expect(try await store.statistics().events["work_item"] == nil)
    }

    @Test func connectionsComeFromTheConfigurationFileAndTheStore() async throws {
        let store = InMemoryEventStore()
        try await store.saveConnection(WebhookConnection(name: "added", tool: .jira, secretEnv: "HOOK_SECRET"))
        let app = makeApplication(configuration: configuration([]), store: store)
        let body = try WebhookPayloads.data("jira-issue_updated-status-changelog.json")
        try await app.test(.router) { client in
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name("X-Hub-Signature")!] = "sha256=" + WebhookPayloads.hexHMAC(body, secret: Self.secret)
            headers[HTTPField.Name("X-Atlassian-Webhook-Identifier")!] = "j-1"
            try await client.execute(uri: "/webhooks/jira/added", method: .post, headers: headers, body: ByteBuffer(data: body)) { response in
                #expect(response.status == .accepted)
            }
        }
        #expect(try await store.statistics().events["work_item"] == 1)
    }
}
