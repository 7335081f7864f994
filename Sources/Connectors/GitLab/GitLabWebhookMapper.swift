import Foundation
import ValueStreamModel

/// GitLab webhooks (FORMATS.md §2): Push and Tag Push, Merge Request, Pipeline, Job, Deployment
/// and Issue hooks. Keys match the REST backfill's, so both describe the same events.
struct GitLabWebhookMapper: WebhookMapper {
    let tool = WebhookTool.gitlab
    let signature = SignatureScheme.gitLab
    let headers: Set<String> = ["x-gitlab-event", "idempotency-key", "webhook-id"]

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        if let type = delivery.header("x-gitlab-event") { return type }
        guard let kind = try delivery.payload.optionalString("object_kind") else {
            throw EventDecodingError("neither the X-Gitlab-Event header nor object_kind says what the delivery is", line: 1, field: "object_kind")
        }
        return kind
    }

    /// `Idempotency-Key` is stable across retries; signed deliveries repeat it as `webhook-id`.
    func deliveryId(of delivery: WebhookDelivery) -> String? {
        delivery.header("idempotency-key") ?? delivery.header("webhook-id")
    }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        let payload = delivery.payload
        switch type {
        case "Push Hook", "push", "Tag Push Hook", "tag_push":
            return try push(delivery, mapper: try mapper(delivery, projectURL: payload.object("project").string("web_url")))
        case "Merge Request Hook", "merge_request":
            let mapper = try mapper(delivery, projectURL: payload.object("project").string("web_url"))
            return [IncomingEvent(.pullRequest(try mergeRequest(payload.object("object_attributes"), mapper: mapper)), mode: .merge)]
        case "Pipeline Hook", "pipeline":
            let mapper = try mapper(delivery, projectURL: payload.object("project").string("web_url"))
            return [IncomingEvent(.pipelineRun(try mapper.pipeline(try pipelineAttributes(payload.object("object_attributes")))))]
        case "Job Hook", "build":
            let mapper = try mapper(delivery, projectURL: payload.object("repository").string("homepage"))
            return [IncomingEvent(.pipelineRun(try job(payload, mapper: mapper)))]
        case "Deployment Hook", "deployment":
            let mapper = try mapper(delivery, projectURL: payload.object("project").string("web_url"))
            return try deployment(delivery, mapper: mapper).map { [IncomingEvent(.deployment($0))] } ?? []
        case "Issue Hook", "Confidential Issue Hook", "issue", "work_item":
            let mapper = try mapper(delivery, projectURL: payload.object("project").string("web_url"))
            return try incident(delivery, mapper: mapper).map { [IncomingEvent(.incident($0), mode: .merge)] } ?? []
        default:
            return nil
        }
    }

    private func mapper(_ delivery: WebhookDelivery, projectURL: String) -> GitLabAPIMapper {
        let repository = delivery.repository(fromURL: projectURL)
        return GitLabAPIMapper(repository: repository, service: delivery.service(forRepository: repository))
    }

    private func push(_ delivery: WebhookDelivery, mapper: GitLabAPIMapper) throws(EventDecodingError) -> [IncomingEvent] {
        let payload = delivery.payload
        let ref = try payload.string("ref")
        if ref.hasPrefix("refs/tags/") {
            let tag = String(ref.dropFirst("refs/tags/".count))
            guard delivery.isReleaseTag(tag), let sha = try payload.optionalString("checkout_sha") else { return [] }
            return [IncomingEvent(.deployment(Deployment(
                key: mapper.key(.deployment, "\(mapper.repository)@\(tag)"), service: mapper.service, environment: "production",
                sha: sha, repository: mapper.repository, finishedAt: delivery.request.receivedAt, result: .success
            )))]
        }
        let listed = try payload.objects("commits")
        var pushed: [PushedCommit] = []
        for item in listed { pushed.append(try PushedCommits.pushed(item)) }
        // GitLab lists only the newest 20 commits; `total_commits_count` says how many there were.
        let total = try payload.optionalInt("total_commits_count") ?? listed.count
        return PushedCommits.commits(
            pushed, before: try payload.optionalString("before"), isComplete: total <= listed.count,
            repository: mapper.repository, key: { mapper.key(.commit, $0) }
        ).map { IncomingEvent(.commit($0)) }
    }

    /// The hook has no `merged_at`: a merge is dated by the `updated_at` of the merge event.
    private func mergeRequest(_ attributes: FieldReader, mapper: GitLabAPIMapper) throws(EventDecodingError) -> PullRequest {
        let number = try attributes.int("iid")
        let title = try attributes.optionalString("title")
        let action = try attributes.optionalString("action")
        let state = try attributes.optionalString("state")
        let updated = try attributes.optionalDate("updated_at")
        let merged = action == "merge" || state == "merged" ? updated : nil
        let branch = try attributes.optionalString("source_branch")
        return PullRequest(
            key: mapper.key(.pullRequest, mapper.requestId(number)), repository: mapper.repository, number: number,
            openedAt: try attributes.date("created_at"), title: title,
            firstReviewAt: action == "approved" || action == "approval" ? updated : nil,
            mergedAt: merged, closedAt: state == "closed" ? updated : merged,
            mergeCommitSha: merged == nil ? nil : try attributes.optionalString("merge_commit_sha"),
            headSha: try attributes.optionalObject("last_commit")?.optionalString("id"),
            baseBranch: try attributes.optionalString("target_branch"),
            workItems: WorkItemKeyScanner.keys(in: [title, branch].compactMap { $0 }.joined(separator: " "))
        )
    }

    /// The hook's pipeline attributes in the REST shape `GitLabAPIMapper.pipeline` reads.
    private func pipelineAttributes(_ attributes: FieldReader) throws(EventDecodingError) -> FieldReader {
        var object = attributes.object
        if object["updated_at"] == nil || object["updated_at"] is NSNull { object["updated_at"] = object["finished_at"] }
        return FieldReader(object, line: attributes.line, path: attributes.path, isToolPayload: true)
    }

    private func job(_ payload: FieldReader, mapper: GitLabAPIMapper) throws(EventDecodingError) -> PipelineRun {
        let result = GitLabAPIMapper.result(ofStatus: try payload.string("build_status"))
        let created = try payload.date("build_created_at")
        let name = try payload.string("build_name")
        return PipelineRun(
            key: mapper.key(.pipelineRun, "\(mapper.repository):job-\(try payload.identifier("build_id"))"), repository: mapper.repository,
            service: nil, pipeline: "job \(name)", sha: try payload.string("sha"), queuedAt: created,
            startedAt: try payload.optionalDate("build_started_at") ?? created,
            finishedAt: result == .running ? nil : try payload.optionalDate("build_finished_at"), result: result
        )
    }

    /// Finished deployments; the full sha is only in `commit_url` (`…/-/commit/<sha>`).
    private func deployment(_ delivery: WebhookDelivery, mapper: GitLabAPIMapper) throws(EventDecodingError) -> Deployment? {
        let payload = delivery.payload
        let status = try payload.string("status")
        guard status == "success" || status == "failed" else { return nil }
        let commitURL = try payload.string("commit_url")
        guard let marker = commitURL.range(of: "/commit/", options: .backwards), !commitURL[marker.upperBound...].isEmpty else {
            throw payload.failure("commit_url", "does not end with /commit/<sha>")
        }
        let environment = try payload.string("environment")
        return Deployment(
            key: mapper.key(.deployment, "\(mapper.repository):\(try payload.identifier("deployment_id"))"), service: mapper.service,
            environment: delivery.environment(environment, isProduction: try payload.optionalString("environment_tier") == "production"),
            sha: String(commitURL[marker.upperBound...]), repository: mapper.repository,
            finishedAt: try payload.date("status_changed_at"), result: status == "success" ? .success : .failure
        )
    }

    /// Issues of type `Incident`, or labelled with the connection's incident label.
    private func incident(_ delivery: WebhookDelivery, mapper: GitLabAPIMapper) throws(EventDecodingError) -> Incident? {
        let attributes = try delivery.payload.object("object_attributes")
        let label = delivery.connection.incidentLabel
        var labels: [String] = []
        for item in try delivery.payload.objects("labels") + attributes.objects("labels") {
            if let title = try item.optionalString("title") { labels.append(title) }
        }
        let isIncident = (try attributes.optionalString("type"))?.caseInsensitiveCompare("incident") == .orderedSame
            || labels.contains { $0.caseInsensitiveCompare(label) == .orderedSame }
        guard isIncident else { return nil }
        var incident = try mapper.incident(attributes)
        if incident.resolvedAt == nil, try attributes.optionalString("state") == "closed" {
            incident.resolvedAt = try attributes.optionalDate("updated_at")
        }
        incident.severity = try attributes.optionalString("severity")
        return incident
    }
}
