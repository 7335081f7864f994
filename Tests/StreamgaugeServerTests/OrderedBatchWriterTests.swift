import EventStore
import Foundation
@testable import StreamgaugeServer
import Testing
import ValueStreamModel

@Suite("An import's batches are stored in the order read")
struct OrderedBatchWriterTests {
    func batch(_ lines: [String]) -> RawRequest {
        RawRequest(channel: "native", headers: ["content-type": "application/x-ndjson"], body: Data(lines.joined(separator: "\n").utf8))
    }

    func deployment(sha: String) -> String {
        #"{"kind":"deployment","source":"git","id":"d1","service":"pay","environment":"production","sha":"\#(sha)","finishedAt":"2026-03-01T10:00:00Z","result":"success"}"#
    }

    /// Batches decode on their own tasks, yet the later of two versions of one event wins,
    /// as it would had they been stored one after the other.
    @Test func laterBatchesWinWhateverTheirSize() async throws {
        let store = InMemoryEventStore()
        var writer = OrderedBatchWriter(ingest: IngestService(store: store, organization: OrganizationMap()))
        let filler = (0..<3_000).map { deployment(sha: "x\($0)").replacingOccurrences(of: #""id":"d1""#, with: #""id":"f\#($0)""#) }
        for round in 0..<6 {
            // Large batches first: a small one decoded sooner still waits for them.
            try await writer.send(batch((round < 5 ? filler : []) + [deployment(sha: "s\(round)")]))
        }
        try await writer.finish()
        #expect(try await store.history(of: "pay").deployments.first { $0.key.id == "d1" }?.sha == "s5")
        #expect(writer.accepted == 3_000 + 6)
        #expect(try await store.statistics().archivedRequests == 6)
    }

    /// A batch that does not decode stops every batch after it; those before it stay stored.
    @Test func aFailedBatchStopsTheOnesAfterIt() async throws {
        let store = InMemoryEventStore()
        var writer = OrderedBatchWriter(ingest: IngestService(store: store, organization: OrganizationMap()))
        try await writer.send(batch([deployment(sha: "a")]))
        do {
            try await writer.send(batch(["{not json"]))
            try await writer.send(batch([deployment(sha: "c")]))
            try await writer.finish()
            Issue.record("a batch that does not decode was accepted")
        } catch {
            #expect("\(error)".contains("line 1"), "\(error)")
        }
        #expect(try await store.history(of: "pay").deployments.map(\.sha) == ["a"])
        #expect(try await store.statistics().archivedRequests == 1)
    }
}
