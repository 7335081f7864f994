import Foundation
import ValueStreamModel

/// Reads GitHub REST API pages archived by `streamgauge import github` into native events. Each
/// archived request is one page as received, with headers saying which resource it is:
/// `pulls`, `pull-commits` and `pull-reviews` (with `x-streamgauge-pull`), `deployment` (a body
/// `{"deployment": <item>, "statuses": <page>}`), `runs`, `issues` (incident-labelled) and
/// `commits`. Pull requests arrive in parts and are merged.
public struct GitHubAPIDecoder: RequestDecoder {
    public let channel = "github-api"
    public static let resourceHeader = APIPageHeaders.resource
    public static let repositoryHeader = APIPageHeaders.repository
    public static let serviceHeader = APIPageHeaders.service
    public static let pullHeader = APIPageHeaders.request
    public let relevantHeaders = APIPageHeaders.all
    static let source = "github"

    public init() {}

    public func decode(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent] {
        guard let resource = request.headers[Self.resourceHeader], let repository = request.headers[Self.repositoryHeader] else {
            throw EventDecodingError("a GitHub API page needs the \(Self.resourceHeader) and \(Self.repositoryHeader) headers", line: 1)
        }
        let service = request.headers[Self.serviceHeader] ?? OrganizationMap.defaultServiceName(forRepository: repository)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: request.body)
        } catch {
            throw EventDecodingError("the GitHub API page is not JSON", line: 1)
        }
        let mapper = GitHubAPIMapper(repository: repository, service: service)
        switch resource {
        case "pulls":
            return try each(mapper.items(value)) { (item) throws(EventDecodingError) in IncomingEvent(.pullRequest(try mapper.pullRequest(item)), mode: .merge) }
        case "pull-commits":
            return try mapper.pullRequestCommits(mapper.items(value), number: try Self.pullNumber(request))
        case "pull-reviews":
            return try mapper.pullRequestReviews(mapper.items(value), number: try Self.pullNumber(request)).map { [IncomingEvent(.pullRequest($0), mode: .merge)] } ?? []
        case "deployment":
            guard let object = value as? [String: Any] else { throw EventDecodingError("a deployment page is an object", line: 1) }
            return try mapper.deployment(FieldReader(object, line: 1)).map { [IncomingEvent(.deployment($0))] } ?? []
        case "runs":
            guard let object = value as? [String: Any] else { throw EventDecodingError("a workflow runs page is an object", line: 1) }
            return try each(FieldReader(object, line: 1).objects("workflow_runs")) { (item) throws(EventDecodingError) in IncomingEvent(.pipelineRun(try mapper.workflowRun(item))) }
        case "issues":
            return try each(mapper.items(value).filter { !$0.has("pull_request") }) { (item) throws(EventDecodingError) in IncomingEvent(.incident(try mapper.incident(item)), mode: .merge) }
        case "commits":
            return try each(mapper.items(value)) { (item) throws(EventDecodingError) in IncomingEvent(.commit(try mapper.commit(item))) }
        default:
            throw EventDecodingError("unknown GitHub API resource \"\(resource)\"", line: 1)
        }
    }

    /// `map` whose errors stay `EventDecodingError`.
    private func each<Value>(_ items: [FieldReader], _ transform: (FieldReader) throws(EventDecodingError) -> Value) throws(EventDecodingError) -> [Value] {
        var result: [Value] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(try transform(item)) }
        return result
    }

    private static func pullNumber(_ request: RawRequest) throws(EventDecodingError) -> Int {
        guard let text = request.headers[pullHeader], let number = Int(text) else {
            throw EventDecodingError("a pull request's page needs the \(pullHeader) header", line: 1)
        }
        return number
    }
}

/// GitHub REST objects to native events (fields per GitHub's REST reference; FORMATS.md §1).
struct GitHubAPIMapper {
    let repository: String
    let service: String
    var source = GitHubAPIDecoder.source

    func items(_ value: Any) throws(EventDecodingError) -> [FieldReader] {
        guard let array = value as? [Any] else { throw EventDecodingError("expected a list page", line: 1) }
        var result: [FieldReader] = []
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else { throw EventDecodingError("list item is not an object", line: index + 1) }
            result.append(FieldReader(object, line: index + 1))
        }
        return result
    }

    func key(_ kind: EventKind, _ id: String) -> EventKey { EventKey(source: source, kind: kind, id: id) }

    func pullRequestId(_ number: Int) -> String { "\(repository)#\(number)" }

    func pullRequest(_ item: FieldReader) throws(EventDecodingError) -> PullRequest {
        let number = try item.int("number")
        let title = try item.optionalString("title")
        let head = try item.optionalObject("head")
        // Work item keys from the title and the branch name (`feature/PAY-12-retry`).
        let keys = WorkItemKeyScanner.keys(in: [title, try head?.optionalString("ref")].compactMap { $0 }.joined(separator: " "))
        return PullRequest(
            key: key(.pullRequest, pullRequestId(number)), repository: repository, number: number,
            openedAt: try item.date("created_at"), title: title, mergedAt: try item.optionalDate("merged_at"),
            closedAt: try item.optionalDate("closed_at"),
            mergeCommitSha: try item.optionalDate("merged_at") == nil ? nil : try item.optionalString("merge_commit_sha"),
            headSha: try head?.optionalString("sha"), baseBranch: try item.optionalObject("base")?.optionalString("ref"),
            workItems: keys
        )
    }

    func commit(_ item: FieldReader) throws(EventDecodingError) -> Commit {
        let sha = try item.string("sha")
        guard let details = try item.optionalObject("commit") else { throw item.failure("commit", "is required") }
        let message = try details.optionalString("message")
        return Commit(
            key: key(.commit, sha), repository: repository, sha: sha,
            parents: try item.objects("parents").map { (parent) throws(EventDecodingError) -> String in try parent.string("sha") },
            authoredAt: try required(details, "author").date("date"),
            committedAt: try required(details, "committer").date("date"),
            message: message.map { String($0.prefix { $0 != "\n" }) }, workItemKeys: message.map(WorkItemKeyScanner.keys(in:)) ?? []
        )
    }

    private func required(_ fields: FieldReader, _ name: String) throws(EventDecodingError) -> FieldReader {
        guard let nested = try fields.optionalObject(name) else { throw fields.failure(name, "is required") }
        return nested
    }

    /// The pull request's own commits (which matter after a squash merge) and when work began.
    func pullRequestCommits(_ items: [FieldReader], number: Int) throws(EventDecodingError) -> [IncomingEvent] {
        var commits: [Commit] = []
        for item in items { commits.append(try commit(item)) }
        guard let first = commits.map(\.authoredAt).min() else { return [] }
        let partial = PullRequest(
            key: key(.pullRequest, pullRequestId(number)), repository: repository, number: number, openedAt: .distantFuture,
            firstCommitAt: first, commits: commits.map(\.sha)
        )
        return commits.map { IncomingEvent(.commit($0)) } + [IncomingEvent(.pullRequest(partial), mode: .merge)]
    }

    /// The first submitted review (pending ones have no time yet).
    func pullRequestReviews(_ items: [FieldReader], number: Int) throws(EventDecodingError) -> PullRequest? {
        var first: Date?
        for item in items {
            guard let submitted = try item.optionalDate("submitted_at") else { continue }
            first = min(first ?? submitted, submitted)
        }
        guard let first else { return nil }
        // `openedAt` is unknown in this part: the far future loses to the listing's time in a merge.
        return PullRequest(key: key(.pullRequest, pullRequestId(number)), repository: repository, number: number, openedAt: .distantFuture, firstReviewAt: first)
    }

    /// A deployment is reported once a status settles it: the latest of success, failure or error.
    func deployment(_ page: FieldReader) throws(EventDecodingError) -> Deployment? {
        guard let item = try page.optionalObject("deployment") else { throw page.failure("deployment", "is required") }
        var settled: (state: String, at: Date)?
        for status in try page.objects("statuses") {
            let state = try status.string("state")
            guard ["success", "failure", "error"].contains(state) else { continue }
            let at = try status.date("created_at")
            if settled == nil || at > settled!.at { settled = (state, at) }
        }
        guard let settled else { return nil }
        let id: String
        if let numericId = try item.optionalInt("id") { id = String(numericId) } else { id = try item.string("id") }
        return Deployment(
            key: key(.deployment, "\(repository):\(id)"), service: service, environment: try item.string("environment"),
            sha: try item.string("sha"), repository: repository, startedAt: try item.optionalDate("created_at"),
            finishedAt: settled.at, result: settled.state == "success" ? .success : .failure
        )
    }

    func workflowRun(_ item: FieldReader) throws(EventDecodingError) -> PipelineRun {
        let status = try item.optionalString("status") ?? "completed"
        let conclusion = try item.optionalString("conclusion")
        let result: PipelineResult = if status != "completed" { .running } else {
            switch conclusion {
            case "success": .success
            case "cancelled", "skipped", "neutral": .cancelled
            default: .failure
            }
        }
        let id = try item.int("id")
        let createdAt = try item.date("created_at")
        let startedAt = try item.optionalDate("run_started_at")
        return PipelineRun(
            key: key(.pipelineRun, "\(repository):\(id)"), repository: repository, service: nil,
            pipeline: try item.optionalString("name") ?? "workflow", sha: try item.string("head_sha"),
            queuedAt: createdAt, startedAt: startedAt ?? createdAt,
            finishedAt: status == "completed" ? try item.optionalDate("updated_at") : nil, result: result
        )
    }

    func incident(_ item: FieldReader) throws(EventDecodingError) -> Incident {
        Incident(
            key: key(.incident, "\(repository)#issue-\(try item.int("number"))"), services: [service],
            openedAt: try item.date("created_at"), resolvedAt: try item.optionalDate("closed_at"),
            title: try item.optionalString("title")
        )
    }
}
