import Foundation
import ValueStreamModel

/// GitHub webhooks (FORMATS.md §1): push, pull_request, pull_request_review, deployment_status,
/// workflow_run, issues (incident-labelled), release, ping. Objects inside the payloads have the
/// REST API's shapes, so they are read by the same mapper as the backfill and give the same
/// event keys: a pull request seen by both is one pull request.
struct GitHubWebhookMapper: WebhookMapper {
    let tool = WebhookTool.github
    let signature = SignatureScheme.hexHMAC(header: "x-hub-signature-256", prefix: "sha256=")
    let headers: Set<String> = ["x-github-event", "x-github-delivery"]

    static let mappedTypes: Set<String> = [
        "push", "pull_request", "pull_request_review", "deployment", "deployment_status", "workflow_run", "issues", "release",
    ]

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        guard let type = delivery.header("x-github-event") else { throw EventDecodingError("the X-GitHub-Event header is missing", line: 1) }
        return type
    }

    func deliveryId(of delivery: WebhookDelivery) -> String? { delivery.header("x-github-delivery") }

    /// A form-encoded delivery carries the JSON in its `payload` field.
    func json(of request: RawRequest) -> Data {
        guard request.contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return request.body }
        let form = String(decoding: request.body, as: UTF8.self)
        for pair in form.split(separator: "&") where pair.hasPrefix("payload=") {
            let encoded = pair.dropFirst("payload=".count).replacingOccurrences(of: "+", with: " ")
            return Data((encoded.removingPercentEncoding ?? "").utf8)
        }
        return Data()
    }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        let payload = delivery.payload
        guard Self.mappedTypes.contains(type) else { return type == "ping" ? [] : nil }
        let repository = delivery.repository(fromURL: try payload.object("repository").string("html_url"))
        let mapper = GitHubAPIMapper(repository: repository, service: delivery.service(forRepository: repository), source: tool.rawValue)
        switch type {
        case "push": return try push(delivery, repository: repository, mapper: mapper)
        case "pull_request":
            return [IncomingEvent(.pullRequest(try mapper.pullRequest(try payload.object("pull_request"))), mode: .merge)]
        case "pull_request_review":
            guard try payload.optionalString("action") == "submitted" else { return [] }
            var pullRequest = try mapper.pullRequest(try payload.object("pull_request"))
            pullRequest.firstReviewAt = try payload.object("review").date("submitted_at")
            return [IncomingEvent(.pullRequest(pullRequest), mode: .merge)]
        case "deployment":
            return [] // A deployment counts once a status settles it (`deployment_status`).
        case "deployment_status":
            let deployment = try payload.object("deployment"), status = try payload.object("deployment_status")
            let page = FieldReader(["deployment": deployment.object, "statuses": [status.object]], line: 1, isToolPayload: true)
            guard var settled = try mapper.deployment(page) else { return [] }
            settled.environment = delivery.environment(settled.environment, isProduction: try deployment.optionalBool("production_environment") ?? false)
            return [IncomingEvent(.deployment(settled))]
        case "workflow_run":
            return [IncomingEvent(.pipelineRun(try mapper.workflowRun(try payload.object("workflow_run"))))]
        case "issues":
            let issue = try payload.object("issue")
            guard !issue.has("pull_request"), try isIncident(issue, label: delivery.connection.incidentLabel) else { return [] }
            return [IncomingEvent(.incident(try mapper.incident(issue)), mode: .merge)]
        case "release":
            return try release(delivery, repository: repository, mapper: mapper)
        default:
            return nil
        }
    }

    private func isIncident(_ issue: FieldReader, label: String) throws(EventDecodingError) -> Bool {
        for item in try issue.objects("labels") where (try item.optionalString("name"))?.caseInsensitiveCompare(label) == .orderedSame {
            return true
        }
        return false
    }

    /// Commits of a branch push, or a release tag's deployment.
    private func push(_ delivery: WebhookDelivery, repository: String, mapper: GitHubAPIMapper) throws(EventDecodingError) -> [IncomingEvent] {
        let payload = delivery.payload
        if try payload.optionalBool("deleted") == true { return [] }
        let ref = try payload.string("ref")
        if ref.hasPrefix("refs/tags/") {
            let tag = String(ref.dropFirst("refs/tags/".count))
            guard delivery.isReleaseTag(tag) else { return [] }
            let headCommit = try payload.optionalObject("head_commit")
            let sha = try firstOf(headCommit?.optionalString("id"), payload.string("after"))!
            let pushedAt = try payload.optionalObject("repository")?.optionalEpoch("pushed_at", perSecond: 1)
            let at = try firstOf(pushedAt, headCommit?.optionalDate("timestamp")) ?? delivery.request.receivedAt
            return [IncomingEvent(.deployment(releaseDeployment(tag: tag, sha: sha, at: at, repository: repository, mapper: mapper)))]
        }
        let listed = try payload.objects("commits")
        var pushed: [PushedCommit] = []
        for item in listed { pushed.append(try PushedCommits.pushed(item)) }
        // GitHub lists at most 2,048 commits: a full list may have been cut short.
        let commits = PushedCommits.commits(
            pushed, before: try payload.optionalString("before"), isComplete: listed.count < 2_048,
            repository: repository, key: { mapper.key(.commit, $0) }
        )
        return commits.map { IncomingEvent(.commit($0)) }
    }

    /// A published release whose target is a commit; a release of a branch is counted by its
    /// tag's push instead (the payload does not say which commit the branch was at).
    private func release(_ delivery: WebhookDelivery, repository: String, mapper: GitHubAPIMapper) throws(EventDecodingError) -> [IncomingEvent] {
        guard try delivery.payload.optionalString("action") == "published" else { return [] }
        let release = try delivery.payload.object("release")
        let tag = try release.string("tag_name")
        guard delivery.isReleaseTag(tag), try release.optionalBool("draft") != true, try release.optionalBool("prerelease") != true else { return [] }
        let target = try release.string("target_commitish")
        guard target.utf8.count == 40, target.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return [] }
        let at = try firstOf(release.optionalDate("published_at"), release.date("created_at"))!
        return [IncomingEvent(.deployment(releaseDeployment(tag: tag, sha: target, at: at, repository: repository, mapper: mapper)))]
    }

    private func releaseDeployment(tag: String, sha: String, at: Date, repository: String, mapper: GitHubAPIMapper) -> Deployment {
        Deployment(
            key: mapper.key(.deployment, "\(repository)@\(tag)"), service: mapper.service, environment: "production",
            sha: sha, repository: repository, finishedAt: at, result: .success
        )
    }
}
