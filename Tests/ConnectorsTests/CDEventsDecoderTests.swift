import Connectors
import Foundation
import Testing
import ValueStreamModel

@Suite("CDEvents over CloudEvents")
struct CDEventsDecoderTests {
    let decoder = CDEventsDecoder()

    static let conformance = (try? Fixtures.files(in: "cdevents/conformance")) ?? []

    @Test func theConformanceFixturesAreThere() {
        #expect(Self.conformance.count >= 40)
    }

    @Test(arguments: conformance)
    func acceptsEveryConformanceEventPostedBare(file: String) throws {
        let body = try Fixtures.data("cdevents/conformance/\(file)")
        _ = try decoder.decode(RawRequest(channel: "cdevents", headers: ["content-type": "application/json"], body: body))
    }

    @Test(arguments: conformance)
    func acceptsEveryConformanceEventInBinaryMode(file: String) throws {
        let body = try Fixtures.data("cdevents/conformance/\(file)")
        let object = try JSONSerialization.jsonObject(with: body) as! [String: Any]
        let context = object["context"] as! [String: Any]
        let headers = [
            "content-type": "application/json", "ce-specversion": "1.0", "ce-id": context["id"] as! String,
            "ce-type": context["type"] as! String, "ce-source": context["source"] as! String,
        ]
        _ = try decoder.decode(RawRequest(channel: "cdevents", headers: headers, body: body))
    }

    @Test(arguments: conformance)
    func acceptsEveryConformanceEventInStructuredMode(file: String) throws {
        let cdevent = try JSONSerialization.jsonObject(with: Fixtures.data("cdevents/conformance/\(file)")) as! [String: Any]
        let context = cdevent["context"] as! [String: Any]
        let envelope: [String: Any] = [
            "specversion": "1.0", "id": context["id"]!, "type": context["type"]!, "source": context["source"]!,
            "datacontenttype": "application/json", "data": cdevent,
        ]
        let body = try JSONSerialization.data(withJSONObject: envelope)
        _ = try decoder.decode(RawRequest(channel: "cdevents", headers: ["content-type": "application/cloudevents+json"], body: body))
    }

    func events(_ file: String) throws -> [IncomingEvent] {
        try decoder.decode(RawRequest(channel: "cdevents", body: Fixtures.data("cdevents/conformance/\(file)")))
    }

    @Test func mapsDeploymentsRollbacksAndUpgrades() throws {
        guard case .deployment(let deployed) = try events("service_deployed.json").first?.event else { Issue.record("no deployment"); return }
        #expect(deployed.service == "mySubject123")
        #expect(deployed.environment == "test123")
        #expect(deployed.result == .success)
        #expect(deployed.sha.hasPrefix("pkg:oci/myapp"))
        #expect(deployed.finishedAt == RFC3339.date(from: "2023-03-20T14:27:05.315384Z"))
        guard case .deployment(let rolledBack) = try events("service_rolledback.json").first?.event else { Issue.record("no rollback"); return }
        #expect(rolledBack.rollsBackPrevious)
        #expect(rolledBack.isRework)
        guard case .deployment = try events("service_upgraded.json").first?.event else { Issue.record("no upgrade"); return }
    }

    @Test func mapsIncidentsAsOneMergedIncident() throws {
        let detected = try events("incident_detected.json")
        let resolved = try events("incident_resolved.json")
        #expect(detected.first?.mode == .merge)
        guard case .incident(let opened) = detected.first?.event, case .incident(let closed) = resolved.first?.event else {
            Issue.record("no incident")
            return
        }
        #expect(opened.services == ["myApp"])
        #expect(opened.resolvedAt == nil)
        let merged = resolved[0].event.merged(into: detected[0].event)
        guard case .incident(let incident) = merged else { Issue.record("merge lost the kind"); return }
        #expect(incident.openedAt == opened.openedAt)
        #expect(incident.resolvedAt == closed.resolvedAt)
    }

    @Test func mapsChangesPipelineRunsAndTickets() throws {
        guard case .pullRequest(let change) = try events("change_merged.json").first?.event else { Issue.record("no pull request"); return }
        #expect(change.repository == "example.org/TestRepo/TestOrg")
        #expect(change.number == 123)
        #expect(change.mergedAt != nil)
        guard case .pipelineRun(let run) = try events("pipelinerun_finished.json").first?.event else { Issue.record("no run"); return }
        #expect(run.pipeline == "myPipeline")
        #expect(run.result == .failure)
        guard case .workItem(let ticket) = try events("ticket_closed.json").first?.event else { Issue.record("no ticket"); return }
        #expect(ticket.type == .defect) // labelled "bug"
        #expect(ticket.transitions.map(\.status) == ["closed"])
    }

    @Test func eventsThatMeanNothingForTheMetricsDecodeToNothing() throws {
        #expect(try events("artifact_packaged.json").isEmpty)
        #expect(try events("testcaserun_finished.json").isEmpty)
    }

    @Test func takesTheCommitFromCustomData() throws {
        var object = try JSONSerialization.jsonObject(with: Fixtures.data("cdevents/conformance/service_deployed.json")) as! [String: Any]
        object["customData"] = ["sha": "abc123"]
        let body = try JSONSerialization.data(withJSONObject: object)
        guard case .deployment(let deployment) = try decoder.decode(RawRequest(channel: "cdevents", body: body)).first?.event else {
            Issue.record("no deployment")
            return
        }
        #expect(deployment.sha == "abc123")
    }

    @Test(arguments: [
        (#"{"context":{"id":"1","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2023-03-20T14:27:05Z"}}"#, "subject"),
        (#"{"context":{"id":"1","type":"com.example.other","timestamp":"2023-03-20T14:27:05Z"},"subject":{"id":"s"}}"#, "context.type"),
        (#"{"context":{"id":"1","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"soon"},"subject":{"id":"s","content":{"environment":{"id":"prod"}}}}"#, "context.timestamp"),
        (#"{"context":{"id":"1","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2023-03-20T14:27:05Z"},"subject":{"id":"s","content":{}}}"#, "subject.content.environment"),
        (#"{"specversion":"1.0","type":"dev.cdevents.service.deployed.0.3.0","id":"1"}"#, "data"),
    ])
    func rejectsMalformedEvents(body: String, field: String) {
        do {
            _ = try decoder.decode(RawRequest(channel: "cdevents", body: Data(body.utf8)))
            Issue.record("accepted a malformed event")
        } catch {
            #expect(error.field == field)
        }
    }
}
