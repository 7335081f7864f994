import Foundation
import GRDB
import Testing

@Suite("A server told to stop does not first relink the store", .serialized)
struct ShutdownTests {
    /// SIGTERM while the background linker works through 20,000 stale services (about 17 s in a
    /// debug build): the server exits soon after, not at the end of the pass, and the services
    /// it did not reach are still marked stale in the file, for the next report or ingest to link.
    @Test func sigtermStopsBackgroundRelinkingBetweenServices() async throws {
        let cli = try CommandRunner()
        let port = Int.random(in: 20_000...40_000)
        let database = cli.path("shutdown.sqlite")
        let server = try cli.start(["serve", "--local-only", "--port", String(port), "--database", database])
        try await HTTP.waitUntilUp(port: port, process: server)
        let body = (0..<20_000).map { index in
            #"{"kind":"deployment","id":"d\#(index)","service":"service-\#(index)","environment":"production","sha":"s\#(index)","finishedAt":"2026-03-01T12:00:00Z","result":"success"}"#
        }.joined(separator: "\n")
        let answer = try await HTTP.request("http://127.0.0.1:\(port)/api/v1/events", method: "POST", body: Data(body.utf8), contentType: "application/x-ndjson")
        #expect(answer.status == 202)

        let store = try DatabaseQueue(path: database)
        func stale() async throws -> Int { try await store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM stale_services") ?? 0 } }
        let deadline = Date().addingTimeInterval(30)
        while try await stale() == 20_000, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        // Counted right before the signal: with every test of the suite sharing two threads,
        // this one may be scheduled late, and the linker is never waiting for it.
        let atSignal = try await stale()
        kill(server.processIdentifier, SIGTERM)
        try #require(atSignal > 0 && atSignal < 20_000, "the background linker had not started or had already finished: \(atSignal) stale")
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
        let left = try await stale()
        // The linker hears of the shutdown only once the HTTP server has drained (services stop
        // in reverse order), so it may link some more first: hundreds under the whole suite.
        #expect(left > atSignal / 2, "\(atSignal) stale at SIGTERM, \(left) at exit: relinking went on after the signal")
    }
}
