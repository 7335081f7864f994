import Foundation
import ValueStreamModel

/// Reads GitLab REST v4 pages archived by `streamgauge import gitlab` into native events:
/// `merge-requests`, `merge-request-commits` and `merge-request-notes` (with the request's iid in
/// `x-streamgauge-pull`), `deployments`, `pipelines`, `issues` (incidents) and `commits`.
/// Merge requests arrive in parts and are merged.
public struct GitLabAPIDecoder: RequestDecoder {
    public let channel = "gitlab-api"
    public let relevantHeaders = APIPageHeaders.all
    static let source = "gitlab"

    public init() {}

    public func decode(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent] {
        guard let resource = request.headers[APIPageHeaders.resource], let repository = request.headers[APIPageHeaders.repository] else {
            throw EventDecodingError("a GitLab API page needs the \(APIPageHeaders.resource) and \(APIPageHeaders.repository) headers", line: 1)
        }
        let service = request.headers[APIPageHeaders.service] ?? OrganizationMap.defaultServiceName(forRepository: repository)
        let items = try Self.items(request.body)
        let mapper = GitLabAPIMapper(repository: repository, service: service)
        var events: [IncomingEvent] = []
        switch resource {
        case "merge-requests":
            for item in items { events.append(IncomingEvent(.pullRequest(try mapper.mergeRequest(item)), mode: .merge)) }
        case "merge-request-commits":
            let number = try Self.requestNumber(request)
            var commits: [Commit] = []
            for item in items { commits.append(try mapper.commit(item)) }
            events = commits.map { IncomingEvent(.commit($0)) }
            if let first = commits.map(\.authoredAt).min() {
                events.append(IncomingEvent(.pullRequest(PullRequest(
                    key: mapper.key(.pullRequest, mapper.requestId(number)), repository: repository, number: number,
                    openedAt: .distantFuture, firstCommitAt: first, commits: commits.map(\.sha)
                )), mode: .merge))
            }
        case "merge-request-notes":
            let number = try Self.requestNumber(request)
            if let review = try mapper.firstReview(items) {
                events.append(IncomingEvent(.pullRequest(PullRequest(
                    key: mapper.key(.pullRequest, mapper.requestId(number)), repository: repository, number: number,
                    openedAt: .distantFuture, firstReviewAt: review
                )), mode: .merge))
            }
        case "deployments":
            for item in items { if let deployment = try mapper.deployment(item) { events.append(IncomingEvent(.deployment(deployment))) } }
        case "pipelines":
            for item in items { events.append(IncomingEvent(.pipelineRun(try mapper.pipeline(item)))) }
        case "issues":
            for item in items { events.append(IncomingEvent(.incident(try mapper.incident(item)), mode: .merge)) }
        case "commits":
            for item in items { events.append(IncomingEvent(.commit(try mapper.commit(item)))) }
        default:
            throw EventDecodingError("unknown GitLab API resource \"\(resource)\"", line: 1)
        }
        return events
    }

    static func items(_ body: Data) throws(EventDecodingError) -> [FieldReader] {
        guard let array = (try? JSONSerialization.jsonObject(with: body)) as? [Any] else {
            throw EventDecodingError("a GitLab API page is a JSON list", line: 1)
        }
        var result: [FieldReader] = []
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else { throw EventDecodingError("list item is not an object", line: index + 1) }
            result.append(FieldReader(object, line: index + 1))
        }
        return result
    }

    private static func requestNumber(_ request: RawRequest) throws(EventDecodingError) -> Int {
        guard let text = request.headers[APIPageHeaders.request], let number = Int(text) else {
            throw EventDecodingError("a merge request's page needs the \(APIPageHeaders.request) header", line: 1)
        }
        return number
    }
}

/// GitLab REST v4 objects to native events (FORMATS.md §2 for the shapes).
struct GitLabAPIMapper {
    let repository: String
    let service: String

    func key(_ kind: EventKind, _ id: String) -> EventKey { EventKey(source: GitLabAPIDecoder.source, kind: kind, id: id) }

    func requestId(_ number: Int) -> String { "\(repository)!\(number)" }

    func mergeRequest(_ item: FieldReader) throws(EventDecodingError) -> PullRequest {
        let number = try item.int("iid")
        let title = try item.optionalString("title")
        let merged = try item.optionalDate("merged_at")
        let squash = try item.optionalString("squash_commit_sha")
        let mergeCommit = try item.optionalString("merge_commit_sha")
        return PullRequest(
            key: key(.pullRequest, requestId(number)), repository: repository, number: number,
            openedAt: try item.date("created_at"), title: title, mergedAt: merged, closedAt: try item.optionalDate("closed_at") ?? merged,
            mergeCommitSha: merged == nil ? nil : (squash ?? mergeCommit), headSha: try item.optionalString("sha"),
            baseBranch: try item.optionalString("target_branch"), workItems: title.map(WorkItemKeyScanner.keys(in:)) ?? []
        )
    }

    func commit(_ item: FieldReader) throws(EventDecodingError) -> Commit {
        let sha = try item.string("id")
        let message = try item.optionalString("message")
        // Older GitLab versions give only `created_at` (the commit's own date).
        let created = try item.optionalDate("created_at")
        let authoredOrNil = try item.optionalDate("authored_date")
        guard let authored = authoredOrNil ?? created else { throw item.failure("authored_date", "is required (or created_at)") }
        let committed = try item.optionalDate("committed_date")
        return Commit(
            key: key(.commit, sha), repository: repository, sha: sha, parents: try item.strings("parent_ids"),
            authoredAt: authored, committedAt: committed ?? authored,
            message: message.map { String($0.prefix { $0 != "\n" }) }, workItemKeys: message.map(WorkItemKeyScanner.keys(in:)) ?? []
        )
    }

    /// The first comment a person (not the system) left on the merge request.
    func firstReview(_ notes: [FieldReader]) throws(EventDecodingError) -> Date? {
        var first: Date?
        for note in notes {
            let isSystem = (note.object["system"] as? Bool) ?? false
            guard !isSystem else { continue }
            let at = try note.date("created_at")
            first = min(first ?? at, at)
        }
        return first
    }

    /// Finished deployments only: `success` and `failed`; running, canceled or blocked ones are
    /// not deployments (yet).
    func deployment(_ item: FieldReader) throws(EventDecodingError) -> Deployment? {
        let status = try item.string("status")
        guard status == "success" || status == "failed" else { return nil }
        guard let environment = try item.optionalObject("environment") else { throw item.failure("environment", "is required") }
        let finished = try item.optionalDate("finished_at")
        let updated = try item.date("updated_at")
        return Deployment(
            key: key(.deployment, "\(repository):\(try item.int("id"))"), service: service, environment: try environment.string("name"),
            sha: try item.string("sha"), repository: repository, startedAt: try item.optionalDate("created_at"),
            finishedAt: finished ?? updated, result: status == "success" ? .success : .failure
        )
    }

    func pipeline(_ item: FieldReader) throws(EventDecodingError) -> PipelineRun {
        let result = Self.result(ofStatus: try item.string("status"))
        let created = try item.date("created_at")
        return PipelineRun(
            key: key(.pipelineRun, "\(repository):\(try item.int("id"))"), repository: repository, service: nil,
            pipeline: try item.optionalString("ref").map { "pipeline (\($0))" } ?? "pipeline", sha: try item.string("sha"),
            queuedAt: created, startedAt: created, finishedAt: result == .running ? nil : try item.optionalDate("updated_at"), result: result
        )
    }

    /// A GitLab pipeline's or job's status as a pipeline result.
    static func result(ofStatus status: String) -> PipelineResult {
        switch status {
        case "success": .success
        case "failed": .failure
        case "canceled", "skipped": .cancelled
        default: .running
        }
    }

    func incident(_ item: FieldReader) throws(EventDecodingError) -> Incident {
        Incident(
            key: key(.incident, "\(repository)#issue-\(try item.int("iid"))"), services: [service],
            openedAt: try item.date("created_at"), resolvedAt: try item.optionalDate("closed_at"),
            title: try item.optionalString("title")
        )
    }
}
