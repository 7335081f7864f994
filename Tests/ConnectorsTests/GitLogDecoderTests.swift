import Connectors
import Foundation
import Testing
import ValueStreamModel

@Suite("git log output")
struct GitLogDecoderTests {
    let sha1 = String(repeating: "a", count: 40)
    let sha2 = String(repeating: "b", count: 40)

    func record(_ sha: String, parents: [String], authored: Int, committed: Int, message: String) -> String {
        "\(sha)\u{1F}\(parents.joined(separator: " "))\u{1F}\(authored)\u{1F}\(committed)\u{1F}\(message)\u{1E}\n"
    }

    func decode(_ body: String, repository: String? = "github.com/acme/shop") throws(EventDecodingError) -> [DeliveryEvent] {
        var headers: [String: String] = [:]
        if let repository { headers[GitLogDecoder.repositoryHeader] = repository }
        return try GitLogDecoder().decode(RawRequest(channel: "git", headers: headers, body: Data(body.utf8))).map(\.event)
    }

    @Test func readsCommitsAndMergedPullRequests() throws {
        let body = record(sha1, parents: [], authored: 1_772_355_600, committed: 1_772_359_200, message: "PAY-1 start\n\nbody OPS-2\n")
            + record(sha2, parents: [sha1, sha1], authored: 1_772_366_400, committed: 1_772_366_400, message: "Merge pull request #42 from acme/x\n")
        let events = try decode(body)
        #expect(events.count == 3)
        guard case .commit(let first) = events[0], case .pullRequest(let pullRequest) = events[2] else { Issue.record("kinds"); return }
        #expect(first.parents.isEmpty)
        #expect(first.message == "PAY-1 start")
        #expect(first.workItemKeys == ["PAY-1", "OPS-2"])
        #expect(first.authoredAt == Date(timeIntervalSince1970: 1_772_355_600))
        #expect(first.committedAt == Date(timeIntervalSince1970: 1_772_359_200))
        #expect(pullRequest.number == 42)
        #expect(pullRequest.mergeCommitSha == sha2)
        #expect(pullRequest.key.id == "github.com/acme/shop#42")
    }

    @Test(arguments: [
        ("Merge pull request #7 from a/b", 2, 7),
        ("Faster checkout (#12)", 1, 12),
        ("Merge branch 'x' into 'main'\n\nSee merge request acme/shop!31", 2, 31),
        ("Merge branch 'x'", 2, nil),
        ("Fix (#abc)", 1, nil),
        ("Merge pull request #7 from a/b", 1, nil),
    ] as [(String, Int, Int?)])
    func recognisesMergeMessages(message: String, parents: Int, number: Int?) {
        #expect(MergeMessage.pullRequestNumber(in: message, parentCount: parents) == number)
    }

    @Test func malformedOutputIsAnError() {
        #expect(throws: EventDecodingError.self) { try decode("not git output\u{1E}") }
        #expect(throws: EventDecodingError.self) { try decode(record("short", parents: [], authored: 1, committed: 1, message: "m")) }
        #expect(throws: EventDecodingError.self) { try decode(record(sha1, parents: [], authored: 1, committed: 1, message: "m"), repository: nil) }
    }
}
