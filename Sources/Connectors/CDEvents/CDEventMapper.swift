import Foundation
import ValueStreamModel

/// Maps one CDEvent (`context`, `subject`, optional `customData`) to native events. The mapping,
/// by event type (`dev.cdevents.<subject>.<predicate>.<version>`):
/// - change.merged -> pull_request (merged at the event time; `customData.sha` as merge commit)
/// - service.deployed / upgraded -> a successful deployment; service.rolledback -> a deployment
///   rolling back the service's previous one
/// - incident.detected / reported / resolved -> one incident, merged across the three
/// - pipelinerun.finished -> pipeline_run
/// - ticket.created / updated / closed -> one work_item, merged
/// The commit of a deployment or pipeline run comes from `customData.sha` (or `commit`,
/// `revision`); without it the deployment keeps the artifact id and links to no change.
enum CDEventMapper {
    static let source = "cdevents"

    static func events(from cdevent: FieldReader, envelope: CloudEventAttributes?) throws(EventDecodingError) -> [IncomingEvent] {
        guard let context = try cdevent.optionalObject("context") else {
            throw cdevent.failure("context", "is required: a CDEvent has `context` and `subject`")
        }
        guard let subject = try cdevent.optionalObject("subject") else {
            throw cdevent.failure("subject", "is required: a CDEvent has `context` and `subject`")
        }
        let typeText = try context.optionalString("type") ?? envelope?.type
        guard let typeText else { throw context.failure("type", "is required") }
        guard let type = CDEventType(typeText) else {
            throw context.failure("type", "\"\(typeText)\" is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<version>)")
        }
        let eventId = try context.optionalString("id") ?? envelope?.id
        guard let eventId else { throw context.failure("id", "is required") }
        let timeText = try context.optionalString("timestamp") ?? envelope?.time
        guard let timeText else { throw context.failure("timestamp", "is required") }
        guard let time = RFC3339.date(from: timeText) else {
            throw context.failure("timestamp", "\"\(timeText)\" is not an RFC 3339 time")
        }
        let content = try subject.optionalObject("content") ?? FieldReader([:], line: subject.line, path: subject.name("content"))
        let custom = try cdevent.optionalObject("customData")
        let subjectId = try subject.string("id")
        let mapping = Mapping(type: type, eventId: eventId, time: time, subjectId: subjectId, content: content, custom: custom)
        return try mapping.events()
    }

    private struct Mapping {
        let type: CDEventType
        let eventId: String
        let time: Date
        let subjectId: String
        let content: FieldReader
        let custom: FieldReader?

        func events() throws(EventDecodingError) -> [IncomingEvent] {
            switch (type.subject, type.predicate) {
            case ("change", "merged"): return [IncomingEvent(.pullRequest(try mergedChange()))]
            case ("service", "deployed"), ("service", "upgraded"):
                return [IncomingEvent(.deployment(try deployment(rollback: false)))]
            case ("service", "rolledback"): return [IncomingEvent(.deployment(try deployment(rollback: true)))]
            case ("incident", "detected"), ("incident", "reported"), ("incident", "resolved"):
                return [IncomingEvent(.incident(try incident()), mode: .merge)]
            case ("pipelinerun", "finished"): return [IncomingEvent(.pipelineRun(try pipelineRun()))]
            case ("ticket", "created"), ("ticket", "updated"), ("ticket", "closed"):
                return [IncomingEvent(.workItem(try ticket()), mode: .merge)]
            default: return []
            }
        }

        private func commitSha() throws(EventDecodingError) -> String? {
            guard let custom else { return nil }
            for field in ["sha", "commit", "revision"] {
                if let value = try custom.optionalString(field) { return value }
            }
            return nil
        }

        private func mergedChange() throws(EventDecodingError) -> PullRequest {
            let repository = try content.optionalObject("repository")
            let repositoryName = try repository.map { (fields) throws(EventDecodingError) -> String in
                let id = try fields.string("id")
                guard let base = try fields.optionalString("source") else { return id }
                return OrganizationMap.normalized(base) + "/" + id
            }
            guard let repositoryName else { throw content.failure("repository", "is required for change.merged") }
            let digits = subjectId.reversed().prefix { $0.isNumber }
            return PullRequest(
                key: EventKey(source: source, kind: .pullRequest, id: subjectId), repository: repositoryName,
                number: Int(String(digits.reversed())) ?? 0, openedAt: time, mergedAt: time,
                mergeCommitSha: try commitSha()
            )
        }

        private func deployment(rollback: Bool) throws(EventDecodingError) -> Deployment {
            let environment = try content.optionalObject("environment").map { (fields) throws(EventDecodingError) -> String in
                try fields.string("id")
            }
            guard let environment else { throw content.failure("environment", "is required for service events") }
            let artifact = try content.optionalString("artifactId")
            guard let sha = try commitSha() ?? artifact else {
                throw content.failure("artifactId", "is required (or `customData.sha`)")
            }
            return Deployment(
                key: EventKey(source: source, kind: .deployment, id: eventId), service: Self.lastComponent(subjectId),
                environment: environment, sha: sha, finishedAt: time, result: .success, rollsBackPrevious: rollback
            )
        }

        private func incident() throws(EventDecodingError) -> Incident {
            var service = try content.optionalObject("service").map { (fields) throws(EventDecodingError) -> String in
                Self.lastComponent(try fields.string("id"))
            }
            if service == nil, let artifact = try content.optionalString("artifactId") {
                service = Self.packageName(artifact)
            }
            guard let service else { throw content.failure("service", "is required: an incident must name its service") }
            let isResolution = type.predicate == "resolved"
            return Incident(
                key: EventKey(source: source, kind: .incident, id: subjectId), services: [service],
                openedAt: time, resolvedAt: isResolution ? time : nil,
                title: try content.optionalString("description"),
                causedBy: try commitSha().map(IncidentCause.sha)
            )
        }

        private func pipelineRun() throws(EventDecodingError) -> PipelineRun {
            let outcome = try content.optionalString("outcome") ?? "success"
            let result: PipelineResult = switch outcome {
            case "success": .success
            case "cancel", "cancelled": .cancelled
            default: .failure
            }
            return PipelineRun(
                key: EventKey(source: source, kind: .pipelineRun, id: subjectId),
                repository: try custom?.optionalString("repository"), service: try custom?.optionalString("service"),
                pipeline: try content.optionalString("pipelineName") ?? subjectId, sha: try commitSha() ?? "",
                startedAt: time, finishedAt: time, result: result
            )
        }

        private func ticket() throws(EventDecodingError) -> WorkItem {
            let labels = try content.strings("labels").map { $0.lowercased() }
            let ticketType = try content.optionalString("ticketType")?.lowercased()
            let status: String? = switch type.predicate {
            case "created": "created"
            case "closed": "closed"
            default: nil
            }
            return WorkItem(
                key: EventKey(source: source, kind: .workItem, id: subjectId), itemKey: subjectId,
                type: Self.workItemType(ticketType: ticketType, labels: labels), createdAt: time,
                transitions: status.map { [StatusTransition(status: $0, at: time)] } ?? [],
                title: try content.optionalString("summary")
            )
        }

        static func workItemType(ticketType: String?, labels: [String]) -> WorkItemType {
            let words = Set(labels + [ticketType].compactMap { $0 })
            if !words.isDisjoint(with: ["bug", "defect", "incident"]) { return .defect }
            if !words.isDisjoint(with: ["security", "risk", "vulnerability", "compliance"]) { return .risk }
            if !words.isDisjoint(with: ["debt", "tech-debt", "techdebt", "refactor"]) { return .debt }
            return .feature
        }

        static func lastComponent(_ identifier: String) -> String {
            identifier.split(separator: "/").last.map(String.init) ?? identifier
        }

        /// `pkg:oci/myapp@sha256:…` -> `myapp`.
        static func packageName(_ purl: String) -> String {
            let path = purl.split(separator: "@").first.map(String.init) ?? purl
            return lastComponent(path)
        }
    }
}

/// `dev.cdevents.<subject>.<predicate>.<version>`.
struct CDEventType {
    let subject: String
    let predicate: String

    init?(_ text: String) {
        let parts = text.split(separator: ".")
        guard parts.count >= 4, parts[0] == "dev", parts[1] == "cdevents" else { return nil }
        subject = String(parts[2])
        predicate = String(parts[3])
    }
}
