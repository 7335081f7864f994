import Foundation
import Testing

@Suite("The streamgauge command line", .serialized)
struct CommandLineTests {
    @Test func ingestThenReportGivesTheHandCheckedFigures() throws {
        let cli = try CommandRunner()
        try cli.write("streamgauge.yaml", Histories.configuration)
        try cli.write("history.ndjson", Histories.handChecked)
        let ingest = try cli.run(["ingest", "history.ndjson"])
        #expect(ingest.status == 0, "\(ingest.error)")
        #expect(ingest.output.contains("accepted 12, duplicates 0"))
        #expect(FileManager.default.fileExists(atPath: cli.path("streamgauge.sqlite")))

        let json = try cli.run(["report", "--team", "payments", "--from", "2026-03-01", "--to", "2026-03-08", "--format", "json"])
        #expect(json.status == 0, "\(json.error)")
        let report = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let lead = report?["leadTimeForChanges"] as? [String: Any]
        #expect(lead?["p50Seconds"] as? Double == 21_600)
        #expect((report?["changeFailureRate"] as? [String: Any])?["rate"] as? Double == 0.5)

        let table = try cli.run(["report", "--service", "checkout", "--from", "2026-03-01", "--to", "2026-03-08T00:00:00Z"])
        #expect(table.output.contains("change failure rate"))
        #expect(table.output.contains("50.00%"))
        let csv = try cli.run(["report", "--value-stream", "commerce", "--from", "2026-03-01", "--to", "2026-03-08", "--format", "csv"])
        #expect(csv.output.split(separator: "\n").count == 2)
        #expect(csv.output.contains("valueStream,commerce,2026-03-01T00:00:00Z,2026-03-08T00:00:00Z,4,0.5714,1,high"))
    }

    @Test func aBadFileIsRejectedWholeWithItsLineAndField() throws {
        let cli = try CommandRunner()
        try cli.write("bad.ndjson", Histories.handChecked + "\n{\"kind\":\"incident\",\"id\":\"x\",\"openedAt\":\"2026-03-05T10:00:00Z\"}\n")
        let outcome = try cli.run(["ingest", "bad.ndjson", "--database", cli.path("bad.sqlite")])
        #expect(outcome.status == 65)
        #expect(outcome.error.contains("line 13, field `service`"))
        #expect(outcome.error.contains("nothing was stored"))
        let report = try cli.run(["report", "--database", cli.path("bad.sqlite"), "--format", "json", "--from", "2026-03-01", "--to", "2026-03-08"])
        #expect(report.output.contains(#""count": 0"#))
    }

    @Test func standardInputAndReprocess() throws {
        let cli = try CommandRunner()
        try cli.write("streamgauge.yaml", Histories.configuration)
        let ingest = try cli.run(["ingest", "-"], input: Histories.handChecked)
        #expect(ingest.status == 0, "\(ingest.error)")
        let reprocess = try cli.run(["reprocess"])
        #expect(reprocess.status == 0, "\(reprocess.error)")
        #expect(reprocess.output.contains("reprocessed 1 requests into 12 events"))
        let json = try cli.run(["report", "--team", "payments", "--from", "2026-03-01", "--to", "2026-03-08", "--format", "json"])
        #expect(json.output.contains(#""p85Seconds": 29160.0"#))
    }

    @Test func jsonFilesAreOneRequestWhateverTheirLayout() throws {
        let cli = try CommandRunner()
        let lines = Histories.handChecked.split(separator: "\n")
        try cli.write("events.json", "[\n  " + lines.joined(separator: ",\n  ") + "\n]\n")
        let array = try cli.run(["ingest", "events.json"])
        #expect(array.status == 0, "\(array.error)")
        #expect(array.output.contains("accepted 12, duplicates 0"))
        try cli.write("one.json", "{\n" + String(lines[1].dropFirst()))
        let object = try cli.run(["ingest", "one.json"])
        #expect(object.output.contains("accepted 0, duplicates 1"), "\(object.error)")
    }

    @Test func usageErrorsSayWhatIsWrong() throws {
        let cli = try CommandRunner()
        let both = try cli.run(["report", "--team", "a", "--service", "b"])
        #expect(both.status != 0)
        #expect(both.error.contains("at most one"))
        let window = try cli.run(["report", "--from", "yesterday"])
        #expect(window.status != 0)
        #expect(window.error.contains("--from"))
        let unknown = try cli.run(["report", "--team", "nobody"])
        #expect(unknown.status == 66)
        #expect(unknown.error.contains("no team named \"nobody\""))
        let badConfig = try cli.run(["report", "--config", cli.path("missing.yaml")])
        #expect(badConfig.status != 0)
        #expect(badConfig.error.contains("missing.yaml"))
        try cli.write("broken.yaml", "services:\n  - team: x\n")
        let broken = try cli.run(["report", "--config", cli.path("broken.yaml")])
        #expect(broken.error.contains("name"))
    }

    @Test func tokensAreCreatedListedAndRevoked() throws {
        let cli = try CommandRunner()
        let created = try cli.run(["token", "create", "--scope", "ingest,read", "--name", "ci"])
        #expect(created.status == 0, "\(created.error)")
        let secret = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("sg_"))
        let list = try cli.run(["token", "list"])
        #expect(list.output.contains("ci  ingest,read  active"))
        #expect(!list.output.contains(secret))
        let id = String(list.output.prefix(12))
        #expect(try cli.run(["token", "revoke", id]).status == 0)
        #expect(try cli.run(["token", "list"]).output.contains("revoked"))
        #expect(try cli.run(["token", "create", "--scope", "write"]).error.contains("unknown scope"))
    }

    @Test func connectionsAreAddedListedAndRemoved() throws {
        let cli = try CommandRunner()
        let added = try cli.run(["connection", "add", "shop", "--tool", "github", "--secret-env", "SHOP_SECRET", "--release-tags", "v*"])
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.contains("/webhooks/github/shop"))
        #expect(try cli.run(["connection", "add", "shop", "--tool", "github", "--secret-env", "X"]).error.contains("exists already"))
        let unsafe = try cli.run(["connection", "add", "ci", "--tool", "jenkins"])
        #expect(unsafe.status != 0)
        #expect(unsafe.error.contains("insecure"))
        #expect(try cli.run(["connection", "add", "ci", "--tool", "teamcity", "--insecure"]).error.contains("unknown tool"))
        #expect(try cli.run(["connection", "add", "ci", "--tool", "jenkins", "--insecure", "--map", "nonsense"]).error.contains("TOOL-NAME=SERVICE"))
        #expect(try cli.run(["connection", "add", "ci", "--tool", "jenkins", "--insecure", "--deploy-match", "deploy-*"]).status == 0)
        let list = try cli.run(["connection", "list"])
        #expect(list.output.contains("shop  github  /webhooks/github/shop  secret from $SHOP_SECRET  store"))
        #expect(list.output.contains("ci  jenkins  /webhooks/jenkins/ci  insecure  store"))
        #expect(try cli.run(["connection", "remove", "ci"]).status == 0)
        #expect(try cli.run(["connection", "remove", "ci"]).status == 66)
        #expect(!(try cli.run(["connection", "list"]).output.contains("jenkins")))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["STREAMGAUGE_TEST_POSTGRES_URL"] != nil, "needs STREAMGAUGE_TEST_POSTGRES_URL"))
    func theCommandsWorkOnPostgreSQL() async throws {
        let server = ProcessInfo.processInfo.environment["STREAMGAUGE_TEST_POSTGRES_URL"]!
        let cli = try CommandRunner()
        // A database of its own, made with the server's default one.
        let name = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "_").lowercased()
        var components = URLComponents(string: server)!
        components.path = "/postgres"
        let admin = components.string!
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["psql", admin, "-qc", "CREATE DATABASE \(name)"]
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        components.path = "/" + name
        let url = components.string!
        try cli.write("history.ndjson", Histories.handChecked)
        #expect(try cli.run(["ingest", cli.path("history.ndjson"), "--database", url]).status == 0)
        let reportArguments = ["report", "--service", "checkout", "--from", "2026-03-01", "--to", "2026-03-08", "--format", "json", "--database"]
        let report = try cli.run(reportArguments + [url])
        #expect(report.status == 0, "\(report.error)")
        #expect(report.output.contains(#""count": 4"#))
        // And back to the embedded store: the copy re-derives the same report.
        let copied = try cli.run(["copy-store", "--from", url, "--to", "sqlite:" + cli.path("copy.sqlite")])
        #expect(copied.status == 0, "\(copied.error)")
        #expect(copied.output.hasPrefix("copied 1 requests"))
        #expect(try cli.run(reportArguments + [cli.path("copy.sqlite")]).output == report.output)
        #expect(try cli.run(["copy-store", "--from", url, "--to", "sqlite:" + cli.path("copy.sqlite")]).error.contains("not empty"))
    }

    @Test func generateIsDeterministicForASeed() throws {
        let cli = try CommandRunner()
        #expect(try cli.run(["generate", "--scale", "demo", "--seed", "7", "-o", "a.ndjson", "--config-output", "org.yaml"]).status == 0)
        #expect(try cli.run(["generate", "--scale", "demo", "--seed", "7", "-o", "b.ndjson"]).status == 0)
        #expect(try cli.run(["generate", "--scale", "demo", "--seed", "8", "-o", "c.ndjson"]).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: cli.path("a.ndjson")))
        #expect(a.count > 1_000_000)
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: cli.path("b.ndjson")))))
        #expect(a != (try Data(contentsOf: URL(fileURLWithPath: cli.path("c.ndjson")))))
        let organization = try String(contentsOfFile: cli.path("org.yaml"), encoding: .utf8)
        #expect(organization.contains("valueStream: commerce"))
        #expect(try cli.run(["generate", "--scale", "XL"]).error.contains("--scale"))
    }
}
