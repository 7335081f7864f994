import Foundation
import ValueStreamModel

/// Writes events in the native format of EVENTS.md (the inverse of `NativeEventDecoder`), for
/// the generator, exports and tests.
public enum NativeEventEncoder {
    /// One event as a JSON object with sorted keys, no trailing newline.
    public static func json(_ event: DeliveryEvent) -> Data {
        let object = object(event)
        // Only strings, numbers, arrays and dictionaries: serialisation cannot fail.
        return JSONTextWriter.data(object)
            ?? (try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// Events as NDJSON, one line each.
    public static func ndjson(_ events: [DeliveryEvent]) -> Data {
        var data = Data()
        for event in events {
            data.append(json(event))
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    public static func object(_ event: DeliveryEvent) -> [String: Any] {
        let key = event.key
        var object: [String: Any] = ["kind": key.kind.rawValue, "id": key.id, "source": key.source]
        func set(_ name: String, _ value: Any?) {
            if let value { object[name] = value }
        }
        func time(_ date: Date?) -> String? { date.map(RFC3339.string(from:)) }
        switch event {
        case .commit(let commit):
            set("repository", commit.repository)
            set("sha", commit.sha)
            set("parents", commit.parents)
            set("authoredAt", time(commit.authoredAt))
            set("committedAt", time(commit.committedAt))
            set("message", commit.message)
            set("files", commit.files)
        case .pullRequest(let pullRequest):
            set("repository", pullRequest.repository)
            set("number", pullRequest.number)
            set("openedAt", time(pullRequest.openedAt))
            set("title", pullRequest.title)
            set("firstCommitAt", time(pullRequest.firstCommitAt))
            set("firstReviewAt", time(pullRequest.firstReviewAt))
            set("mergedAt", time(pullRequest.mergedAt))
            set("closedAt", time(pullRequest.closedAt))
            set("mergeCommitSha", pullRequest.mergeCommitSha)
            set("headSha", pullRequest.headSha)
            set("baseBranch", pullRequest.baseBranch)
            set("commits", pullRequest.commits.isEmpty ? nil : pullRequest.commits)
            set("workItems", pullRequest.workItems.isEmpty ? nil : pullRequest.workItems)
            set("additions", pullRequest.additions)
            set("deletions", pullRequest.deletions)
        case .pipelineRun(let run):
            set("repository", run.repository)
            set("service", run.service)
            set("pipeline", run.pipeline)
            set("sha", run.sha)
            set("queuedAt", time(run.queuedAt))
            set("startedAt", time(run.startedAt))
            set("finishedAt", time(run.finishedAt))
            set("result", run.result.rawValue)
        case .deployment(let deployment):
            set("service", deployment.service)
            set("environment", deployment.environment)
            set("sha", deployment.sha)
            set("repository", deployment.repository)
            set("startedAt", time(deployment.startedAt))
            set("finishedAt", time(deployment.finishedAt))
            set("result", deployment.result.rawValue)
            set("rollbackOf", deployment.rollbackOf)
            set("remediates", deployment.remediates.isEmpty ? nil : deployment.remediates)
        case .incident(let incident):
            if incident.services.count == 1 { set("service", incident.services[0]) } else { set("services", incident.services) }
            set("openedAt", time(incident.openedAt))
            set("resolvedAt", time(incident.resolvedAt))
            set("severity", incident.severity)
            set("title", incident.title)
            switch incident.causedBy {
            case .deployment(let id): set("causedBy", ["deployment": id])
            case .sha(let sha): set("causedBy", ["sha": sha])
            case nil: break
            }
        case .workItem(let item):
            set("key", item.itemKey)
            set("type", item.type.rawValue)
            set("createdAt", time(item.createdAt))
            set("transitions", item.transitions.map { ["status": $0.status, "at": RFC3339.string(from: $0.at)] })
            set("title", item.title)
            set("service", item.service)
            set("team", item.team)
        }
        return object
    }
}
