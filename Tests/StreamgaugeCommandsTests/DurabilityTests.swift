import Foundation
import Testing

@Suite("A killed server loses no acknowledged event", .serialized)
struct DurabilityTests {
    @Test func everyAcknowledgedEventSurvivesSIGKILL() async throws {
        let cli = try CommandRunner()
        let port = Int.random(in: 20_000...40_000)
        let server = try cli.start(["serve", "--local-only", "--port", String(port), "--database", cli.path("durable.sqlite")])
        try await HTTP.waitUntilUp(port: port, process: server)

        @Sendable func send(batch: Int) async -> [String] {
            let ids = (0..<200).map { "b\(batch)-e\($0)" }
            let body = ids.map { #"{"kind":"deployment","id":"\#($0)","service":"svc\#(batch % 5)","environment":"production","sha":"x","finishedAt":"2026-03-01T12:00:00Z","result":"success"}"# }
                .joined(separator: "\n")
            guard let answer = try? await HTTP.request("http://127.0.0.1:\(port)/api/v1/events", method: "POST", body: Data(body.utf8), contentType: "application/x-ndjson"),
                  answer.status == 202 else { return [] }
            return ids
        }
        // Some requests acknowledged before, then many in flight while the server is killed:
        // every 202 must be on disk.
        var acknowledged: [String] = []
        for batch in 0..<5 { acknowledged += await send(batch: batch) }
        #expect(acknowledged.count == 1_000)
        acknowledged += await withTaskGroup(of: [String].self) { group in
            for batch in 5..<60 {
                group.addTask { await send(batch: batch) }
            }
            try? await Task.sleep(for: .milliseconds(150))
            kill(server.processIdentifier, SIGKILL)
            var all: [String] = []
            for await ids in group { all += ids }
            return all
        }
        server.waitUntilExit()
        #expect(server.terminationReason == .uncaughtSignal)

        // The store, reopened by another process, holds every acknowledged event.
        let report = try cli.run(["report", "--database", cli.path("durable.sqlite"), "--format", "json", "--from", "2026-03-01", "--to", "2026-03-02"])
        #expect(report.status == 0, "\(report.error)")
        let object = try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any]
        let count = (object?["deploymentFrequency"] as? [String: Any])?["count"] as? Int ?? 0
        print("durability: acknowledged \(acknowledged.count), stored \(count)")
        #expect(count >= acknowledged.count, "acknowledged \(acknowledged.count), stored \(count)")
    }
}
