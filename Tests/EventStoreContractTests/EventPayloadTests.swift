import EventStore
import Foundation
import Testing
import ValueStreamModel

@Suite("The stored payload encoding")
struct EventPayloadTests {
    static let events: [DeliveryEvent] = [
        commit("a1", parents: ["p1", "p2"], "2026-03-01T09:00:00Z"),
        .commit(Commit(key: EventKey(source: "git", kind: .commit, id: "x"), repository: "r", sha: "x", parents: [],
                       authoredAt: at("2026-03-01T09:00:00.123Z"), committedAt: at("2026-03-01T10:00:00Z"), authorPseudonym: "anon-1",
                       message: "PAY-1 ünïcode ✓", workItemKeys: ["PAY-1"], files: ["a/b.swift", ""])),
        .pullRequest(PullRequest(key: EventKey(source: "github", kind: .pullRequest, id: "r#7"), repository: "r", number: 7,
                                 openedAt: at("2026-03-01T09:00:00Z"), title: "t", firstCommitAt: at("2026-03-01T08:00:00Z"),
                                 mergedAt: at("2026-03-02T09:00:00Z"), mergeCommitSha: "m", commits: ["a", "b"], workItems: ["PAY-1"], additions: 3)),
        .pipelineRun(PipelineRun(key: EventKey(source: "ci", kind: .pipelineRun, id: "1"), repository: nil, service: "s", pipeline: "p",
                                 sha: "a", startedAt: at("2026-03-01T09:00:00Z"), result: .cancelled)),
        .deployment(Deployment(key: EventKey(source: "cd", kind: .deployment, id: "d"), service: "s", environment: "prod", sha: "a",
                               finishedAt: at("2026-03-01T09:00:00Z"), result: .failure, rollbackOf: "c", rollsBackPrevious: true, remediates: ["i"])),
        incident("i1", opened: "2026-03-01T09:00:00Z", resolved: "2026-03-01T10:00:00Z", services: ["a", "b"]),
        .incident(Incident(key: EventKey(source: "pd", kind: .incident, id: "2"), services: ["a"], openedAt: at("2026-03-01T09:00:00Z"), causedBy: .sha("abc"))),
        .incident(Incident(key: EventKey(source: "pd", kind: .incident, id: "3"), services: ["a"], openedAt: at("2026-03-01T09:00:00Z"), severity: "SEV1", causedBy: .deployment(id: "d"))),
        .workItem(WorkItem(key: EventKey(source: "jira", kind: .workItem, id: "PAY-1"), itemKey: "PAY-1", type: .risk,
                           createdAt: at("2026-03-01T09:00:00Z"), transitions: [StatusTransition(status: "Done", at: at("2026-03-02T09:00:00Z"))],
                           title: nil, service: "s", team: "t")),
    ]

    @Test(arguments: events)
    func roundTripsEveryField(event: DeliveryEvent) throws {
        let payload = EventPayload.encode(event)
        #expect(try EventPayload.decode(payload) == event)
        #expect(EventPayload.encode(event) == payload, "the encoding is deterministic")
    }

    @Test func differentEventsHaveDifferentBytes() {
        let payloads = Set(Self.events.map(EventPayload.encode))
        #expect(payloads.count == Self.events.count)
    }

    @Test func truncatedPayloadsAreErrorsNotCrashes() {
        let payload = EventPayload.encode(Self.events[1])
        for length in [0, 1, 5, payload.count / 2, payload.count - 1] {
            #expect(throws: (any Error).self) { try EventPayload.decode(payload.prefix(length)) }
        }
    }
}
