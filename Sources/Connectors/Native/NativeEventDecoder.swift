import Foundation
import ValueStreamModel

/// Reads the native event format of EVENTS.md: one object, an array, or NDJSON.
public struct NativeEventDecoder: RequestDecoder {
    public let channel = "native"
    public let relevantHeaders: Set<String> = ["content-type"]

    public init() {}

    public func decode(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent] {
        if request.contentType.map(JSONBody.isNDJSONType) == true, let events = Self.scannedEvents(in: request.body) {
            return events
        }
        return try generalEvents(request)
    }

    /// Every event read through `FieldReader` over the JSON values of the body: any JSON, and
    /// errors that name the line and field.
    func generalEvents(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent] {
        let items = try JSONBody.objects(in: request.body, contentType: request.contentType)
        var events: [IncomingEvent] = []
        events.reserveCapacity(items.count)
        for item in items {
            events.append(IncomingEvent(try Self.event(from: FieldReader(item.object, line: item.line))))
        }
        return events
    }

    /// Every event of an NDJSON body read on the quick path (`ScannedObject`); nil when any line
    /// needs the general one, which then reads the whole body, so that a bad request is
    /// reported exactly as it always was (the first line at fault, JSON errors before field ones).
    static func scannedEvents(in body: Data) -> [IncomingEvent]? {
        body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [IncomingEvent]? in
            var events: [IncomingEvent] = []
            var complete = true
            JSONBody.forEachLine(in: raw.bindMemory(to: UInt8.self)) { line, _ in
                var cursor = JSONCursor(bytes: line)
                cursor.skipWhitespace()
                guard let object = ScannedObject.scan(&cursor) else { complete = false; return false }
                cursor.skipWhitespace()
                guard cursor.isAtEnd, let event = try? event(reading: object) else { complete = false; return false }
                events.append(IncomingEvent(event))
                return true
            }
            return complete && !events.isEmpty ? events : nil
        }
    }

    /// One native event from its JSON object.
    public static func event(from fields: FieldReader) throws(EventDecodingError) -> DeliveryEvent {
        try event(reading: fields)
    }

    /// One native event from either reading of its object (`EventFields`).
    static func event(reading fields: some EventFields) throws(EventDecodingError) -> DeliveryEvent {
        let kind = try fields.choice("kind", as: EventKind.self)
        let key = EventKey(
            source: try fields.optionalString("source") ?? "api", kind: kind, id: try fields.string("id")
        )
        switch kind {
        case .commit: return .commit(try commit(fields, key))
        case .pullRequest: return .pullRequest(try pullRequest(fields, key))
        case .pipelineRun: return .pipelineRun(try pipelineRun(fields, key))
        case .deployment: return .deployment(try deployment(fields, key))
        case .incident: return .incident(try incident(fields, key))
        case .workItem: return .workItem(try workItem(fields, key))
        }
    }

    private static func commit(_ fields: some EventFields, _ key: EventKey) throws(EventDecodingError) -> Commit {
        guard fields.has("parents") else { throw fields.failure("parents", "is required (an array of sha; empty for a root commit)") }
        let message = try fields.optionalString("message")
        return Commit(
            key: key, repository: try fields.string("repository"), sha: try fields.string("sha"),
            parents: try fields.strings("parents"), authoredAt: try fields.date("authoredAt"),
            committedAt: try fields.date("committedAt"),
            authorPseudonym: try fields.optionalString("author").map(Pseudonym.of),
            message: message, workItemKeys: message.map(WorkItemKeyScanner.keys(in:)) ?? [],
            files: try fields.optionalStrings("files")
        )
    }

    private static func pullRequest(_ fields: some EventFields, _ key: EventKey) throws(EventDecodingError) -> PullRequest {
        let title = try fields.optionalString("title")
        var workItems = try fields.strings("workItems")
        for found in title.map(WorkItemKeyScanner.keys(in:)) ?? [] where !workItems.contains(found) {
            workItems.append(found)
        }
        return PullRequest(
            key: key, repository: try fields.string("repository"), number: try fields.int("number"),
            openedAt: try fields.date("openedAt"), title: title,
            firstCommitAt: try fields.optionalDate("firstCommitAt"),
            firstReviewAt: try fields.optionalDate("firstReviewAt"),
            mergedAt: try fields.optionalDate("mergedAt"), closedAt: try fields.optionalDate("closedAt"),
            mergeCommitSha: try fields.optionalString("mergeCommitSha"),
            headSha: try fields.optionalString("headSha"), baseBranch: try fields.optionalString("baseBranch"),
            commits: try fields.strings("commits"), workItems: workItems,
            additions: try fields.optionalInt("additions"), deletions: try fields.optionalInt("deletions")
        )
    }

    private static func pipelineRun(_ fields: some EventFields, _ key: EventKey) throws(EventDecodingError) -> PipelineRun {
        let repository = try fields.optionalString("repository")
        let service = try fields.optionalString("service")
        guard repository != nil || service != nil else {
            throw fields.failure("repository", "a pipeline_run needs `repository` or `service`")
        }
        return PipelineRun(
            key: key, repository: repository, service: service, pipeline: try fields.string("pipeline"),
            sha: try fields.string("sha"), queuedAt: try fields.optionalDate("queuedAt"),
            startedAt: try fields.date("startedAt"), finishedAt: try fields.optionalDate("finishedAt"),
            result: try fields.choice("result", as: PipelineResult.self)
        )
    }

    private static func deployment(_ fields: some EventFields, _ key: EventKey) throws(EventDecodingError) -> Deployment {
        Deployment(
            key: key, service: try fields.string("service"), environment: try fields.string("environment"),
            sha: try fields.string("sha"), repository: try fields.optionalString("repository"),
            startedAt: try fields.optionalDate("startedAt"), finishedAt: try fields.date("finishedAt"),
            result: try fields.choice("result", as: DeploymentResult.self),
            rollbackOf: try fields.optionalString("rollbackOf"),
            remediates: try fields.strings("remediates")
        )
    }

    private static func incident(_ fields: some EventFields, _ key: EventKey) throws(EventDecodingError) -> Incident {
        var services = try fields.optionalStrings("services") ?? []
        if let service = try fields.optionalString("service"), !services.contains(service) {
            services.insert(service, at: 0)
        }
        guard !services.isEmpty else { throw fields.failure("service", "is required (or `services`, an array)") }
        let openedAt = try fields.date("openedAt")
        let resolvedAt = try fields.optionalDate("resolvedAt")
        if let resolvedAt, resolvedAt < openedAt {
            throw fields.failure("resolvedAt", "is before `openedAt`")
        }
        var cause: IncidentCause?
        if let causedBy = try fields.optionalObject("causedBy") {
            if let deployment = try causedBy.optionalString("deployment") {
                cause = .deployment(id: deployment)
            } else if let sha = try causedBy.optionalString("sha") {
                cause = .sha(sha)
            } else {
                throw fields.failure("causedBy", "must name `deployment` or `sha`")
            }
        }
        return Incident(
            key: key, services: services, openedAt: openedAt, resolvedAt: resolvedAt,
            severity: try fields.optionalString("severity"), title: try fields.optionalString("title"),
            causedBy: cause
        )
    }

    private static func workItem(_ fields: some EventFields, _ key: EventKey) throws(EventDecodingError) -> WorkItem {
        guard fields.has("transitions") else { throw fields.failure("transitions", "is required (an array, may be empty)") }
        var transitions: [StatusTransition] = []
        for transition in try fields.objects("transitions") {
            transitions.append(StatusTransition(status: try transition.string("status"), at: try transition.date("at")))
        }
        return WorkItem(
            key: key, itemKey: try fields.string("key"), type: try fields.choice("type", as: WorkItemType.self),
            createdAt: try fields.date("createdAt"), transitions: transitions,
            title: try fields.optionalString("title"), service: try fields.optionalString("service"),
            team: try fields.optionalString("team")
        )
    }
}
