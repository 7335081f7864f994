import Foundation
import ValueStreamModel

/// The Jenkins Notification plugin (FORMATS.md §5.1): `STARTED` opens a run, `COMPLETED` finishes
/// it (its `timestamp` is start plus duration); `QUEUED` and `FINALIZED` repeat what those say.
/// A job matching the connection's rule is a deployment.
struct JenkinsWebhookMapper: WebhookMapper {
    let tool = WebhookTool.jenkins
    let signature = SignatureScheme.sharedSecret
    let headers: Set<String> = []

    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String {
        try delivery.payload.object("build").string("phase")
    }

    /// A build sends each phase once: job, number and phase name a delivery.
    func deliveryId(of delivery: WebhookDelivery) -> String? {
        guard let name = try? delivery.payload.string("name"), let build = try? delivery.payload.object("build"),
              let number = try? build.identifier("number"), let phase = try? build.string("phase") else { return nil }
        return "\(name)#\(number):\(phase)"
    }

    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]? {
        guard type == "STARTED" || type == "COMPLETED" else { return nil }
        let payload = delivery.payload
        let name = try payload.string("name")
        let build = try payload.object("build")
        guard let time = try build.optionalEpoch("timestamp", perSecond: 1_000) else { throw build.failure("timestamp", "is required (milliseconds since 1970)") }
        let duration = Double(try build.optionalInt64("duration") ?? 0) / 1_000
        let result: PipelineResult
        if type == "STARTED" {
            result = .running
        } else {
            switch try build.string("status") {
            case "SUCCESS": result = .success
            case "FAILURE", "UNSTABLE": result = .failure
            default: result = .cancelled
            }
        }
        let scm = try build.optionalObject("scm")
        let run = CIRun(
            id: "\(name)#\(try build.identifier("number"))", name: name, sha: try scm?.optionalString("commit") ?? "",
            shaField: "build.scm.commit", repository: try scm?.optionalString("url").map(delivery.repository(fromURL:)),
            project: name, startedAt: type == "STARTED" ? time : time.addingTimeInterval(-duration),
            finishedAt: type == "STARTED" ? nil : time, result: result
        )
        return try run.event(delivery).map { [$0] } ?? []
    }
}
