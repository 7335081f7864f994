import Connectors
import Foundation
import Testing
import ValueStreamModel

@Suite("Native events written as JSON text")
struct NativeEventEncoderTests {
    static let awkward = "quote \" backslash \\ slash / newline \n tab \t return \r control \u{01}\u{1F} accent é arrow → emoji 😀"

    static let events: [DeliveryEvent] = {
        let at = Date(timeIntervalSince1970: 1_772_355_600)
        func key(_ kind: EventKind, _ id: String = awkward) -> EventKey { EventKey(source: "api", kind: kind, id: id) }
        return [
            .commit(Commit(key: key(.commit, "a1"), repository: "github.com/acme/pay", sha: "a1", parents: ["a0", "b0"],
                           authoredAt: at, committedAt: at.addingTimeInterval(0.25), message: awkward, files: ["src/\(awkward)"])),
            .pullRequest(PullRequest(key: key(.pullRequest), repository: "github.com/acme/pay", number: 42, openedAt: at,
                                     title: awkward, mergedAt: at, mergeCommitSha: "m1", commits: ["a1"], workItems: ["PAY-1"],
                                     additions: 10, deletions: 3)),
            .deployment(Deployment(key: key(.deployment), service: "pay", environment: "production", sha: "a1",
                                   repository: "github.com/acme/pay", finishedAt: at, result: .success)),
            .incident(Incident(key: key(.incident), services: ["pay", "search"], openedAt: at, resolvedAt: at.addingTimeInterval(60),
                               title: awkward, causedBy: .sha("a1"))),
            .workItem(WorkItem(key: key(.workItem), itemKey: "PAY-1", type: .defect, createdAt: at,
                               transitions: [StatusTransition(status: awkward, at: at)], title: awkward)),
        ]
    }()

    /// The text reads back as the same JSON value Foundation's serialiser gives for the same
    /// event, and as the same event through the native decoder.
    @Test(arguments: events)
    func writesWhatFoundationWouldAndReadsBack(event: DeliveryEvent) throws {
        let text = NativeEventEncoder.json(event)
        let foundation = try JSONSerialization.data(withJSONObject: NativeEventEncoder.object(event), options: [.sortedKeys])
        let ours = try JSONSerialization.jsonObject(with: text) as? NSDictionary
        #expect(ours != nil)
        #expect(ours == (try JSONSerialization.jsonObject(with: foundation) as? NSDictionary))
        let decoded = try NativeEventDecoder().decode(RawRequest(channel: "native", headers: ["Content-Type": "application/json"], body: text))
        #expect(decoded.map(\.event) == [event])
    }

    @Test func keysAreSortedAndControlCharactersEscaped() {
        let text = String(decoding: NativeEventEncoder.json(Self.events[2]), as: UTF8.self)
        #expect(text.hasPrefix(#"{"environment":"production","finishedAt":"#))
        let escaped = String(decoding: NativeEventEncoder.json(Self.events[0]), as: UTF8.self)
        #expect(escaped.contains(#"quote \" backslash \\ slash / newline \n tab \t return \r control \u0001\u001f"#))
        #expect(!escaped.contains("\u{01}"))
    }
}
