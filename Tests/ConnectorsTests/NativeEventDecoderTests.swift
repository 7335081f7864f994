import Connectors
import Foundation
import Testing
import ValueStreamModel

@Suite("Native events (EVENTS.md)")
struct NativeEventDecoderTests {
    let decoder = NativeEventDecoder()

    func decode(_ body: String, contentType: String = "application/json") throws(EventDecodingError) -> [IncomingEvent] {
        try decoder.decode(RawRequest(channel: "native", headers: ["Content-Type": contentType], body: Data(body.utf8)))
    }

    func error(_ body: String, contentType: String = "application/json") -> EventDecodingError? {
        do {
            _ = try decode(body, contentType: contentType)
            return nil
        } catch {
            return error
        }
    }

    static let example = """
    {"kind":"commit","id":"c1","repository":"github.com/acme/checkout","sha":"a1","parents":[],"authoredAt":"2026-03-01T09:00:00Z","committedAt":"2026-03-01T09:00:00Z","author":"Ada","message":"PAY-12 fix rounding"}
    {"kind":"deployment","id":"d1","service":"checkout","environment":"production","sha":"a1","finishedAt":"2026-03-01T15:00:00Z","result":"success"}
    {"kind":"incident","id":"i1","service":"checkout","openedAt":"2026-03-01T16:00:00Z","resolvedAt":"2026-03-01T17:30:00Z","causedBy":{"deployment":"d1"}}
    """

    @Test func readsTheDocumentedExampleAsNDJSON() throws {
        let events = try decode(Self.example, contentType: "application/x-ndjson").map(\.event)
        #expect(events.count == 3)
        guard case .commit(let commit) = events[0], case .deployment(let deployment) = events[1], case .incident(let incident) = events[2] else {
            Issue.record("kinds out of order")
            return
        }
        #expect(commit.key == EventKey(source: "api", kind: .commit, id: "c1"))
        #expect(commit.workItemKeys == ["PAY-12"])
        #expect(commit.authorPseudonym?.hasPrefix("anon-") == true)
        #expect(commit.authorPseudonym?.contains("Ada") == false)
        #expect(deployment.finishedAt == RFC3339.date(from: "2026-03-01T15:00:00Z"))
        #expect(incident.causedBy == .deployment(id: "d1"))
        #expect(incident.resolvedAt!.timeIntervalSince(incident.openedAt) == 5_400)
    }

    @Test func readsOneObjectAndArrays() throws {
        let lines = Self.example.split(separator: "\n")
        #expect(try decode(String(lines[1])).count == 1)
        #expect(try decode("[" + lines.joined(separator: ",") + "]").count == 3)
    }

    @Test func acceptsOffsetsAndFractions() throws {
        let body = #"{"kind":"deployment","id":"d","source":"jenkins","service":"s","environment":"prod","sha":"x","finishedAt":"2026-03-01T17:00:00.250+02:00","result":"failure"}"#
        guard case .deployment(let deployment) = try decode(body)[0].event else { Issue.record("not a deployment"); return }
        #expect(deployment.finishedAt == RFC3339.date(from: "2026-03-01T15:00:00.250Z"))
        #expect(deployment.key.source == "jenkins")
    }

    @Test func namesTheLineAndFieldOfTheFirstBadEvent() {
        let body = Self.example + "\n" + #"{"kind":"deployment","id":"d2","service":"checkout","environment":"production","sha":"a2","finishedAt":"yesterday","result":"success"}"#
        let failure = error(body, contentType: "application/x-ndjson")
        #expect(failure?.line == 4)
        #expect(failure?.field == "finishedAt")
        #expect(failure?.message.contains("yesterday") == true)
    }

    @Test func arrayPositionsCountFromOne() {
        let failure = error(#"[{"kind":"incident","id":"i","service":"s","openedAt":"2026-03-01T16:00:00Z"},{"kind":"bogus","id":"x"}]"#)
        #expect(failure?.line == 2)
        #expect(failure?.field == "kind")
        #expect(failure?.message.contains("pull_request") == true)
    }

    @Test(arguments: [
        (#"{"kind":"commit","id":"c","repository":"r","sha":"a","authoredAt":"2026-03-01T09:00:00Z","committedAt":"2026-03-01T09:00:00Z"}"#, "parents"),
        (#"{"kind":"deployment","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success"}"#, "id"),
        (#"{"kind":"deployment","id":"d","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"ok"}"#, "result"),
        (#"{"kind":"pull_request","id":"p","repository":"r","number":"seven","openedAt":"2026-03-01T09:00:00Z"}"#, "number"),
        (#"{"kind":"pull_request","id":"p","repository":"r","number":true,"openedAt":"2026-03-01T09:00:00Z"}"#, "number"),
        (#"{"kind":"incident","id":"i","openedAt":"2026-03-01T09:00:00Z"}"#, "service"),
        (#"{"kind":"incident","id":"i","service":"s","openedAt":"2026-03-01T09:00:00Z","causedBy":{"who":"me"}}"#, "causedBy"),
        (#"{"kind":"incident","id":"i","service":"s","openedAt":"2026-03-01T09:00:00Z","resolvedAt":"2026-03-01T08:00:00Z"}"#, "resolvedAt"),
        (#"{"kind":"work_item","id":"w","key":"PAY-1","type":"feature","createdAt":"2026-03-01T09:00:00Z","transitions":[{"status":"Done"}]}"#, "transitions[0].at"),
        (#"{"kind":"pipeline_run","id":"r","pipeline":"ci","sha":"a","startedAt":"2026-03-01T09:00:00Z","result":"success"}"#, "repository"),
        (#"{"kind":"commit","id":"c","repository":"r","sha":"a","parents":["p",3],"authoredAt":"2026-03-01T09:00:00Z","committedAt":"2026-03-01T09:00:00Z"}"#, "parents[1]"),
    ])
    func namesTheFieldAtFault(body: String, field: String) {
        let failure = error(body)
        #expect(failure?.field == field, "\(String(describing: failure))")
        #expect(failure?.line == 1)
    }

    @Test func rejectsBodiesThatAreNotEvents() {
        #expect(error("not json")?.message.contains("not valid JSON") == true)
        #expect(error("42")?.message.contains("expected an event object") == true)
        #expect(error("[1]")?.line == 1)
        #expect(error("{\"kind\":\"commit\"}\nnot json", contentType: "application/x-ndjson")?.line == 2)
        #expect(error("\n\n", contentType: "application/x-ndjson")?.message.contains("no event") == true)
    }

    @Test func encoderAndDecoderRoundTrip() throws {
        let events = try decode(Self.example, contentType: "application/x-ndjson").map(\.event)
        let again = try decode(String(decoding: NativeEventEncoder.ndjson(events), as: UTF8.self), contentType: "application/x-ndjson").map(\.event)
        #expect(again.map(\.key) == events.map(\.key))
        #expect(again[1] == events[1])
        #expect(again[2] == events[2])
    }
}
