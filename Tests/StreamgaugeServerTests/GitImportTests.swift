import DeliveryMetrics
import EventStore
import Foundation
import StreamgaugeServer
import Testing
import ValueStreamModel

/// A scratch repository whose every date the test chooses.
struct ScratchRepository {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("streamgauge-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    @discardableResult
    func git(_ arguments: String..., at date: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Dev"
        environment["GIT_AUTHOR_EMAIL"] = "dev@example.invalid"
        environment["GIT_COMMITTER_NAME"] = "Dev"
        environment["GIT_COMMITTER_EMAIL"] = "dev@example.invalid"
        if let date {
            environment["GIT_AUTHOR_DATE"] = date
            environment["GIT_COMMITTER_DATE"] = date
        }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GitImportError("git \(arguments) failed") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func commit(_ message: String, at date: String) throws {
        try git("commit", "-q", "--allow-empty", "-m", message, at: date)
    }

    /// main: c1 (tag v1.0, annotated a day later), c2 "PAY-12 …", merge of a branch with b1 as
    /// "Merge pull request #5", squash-style "Faster checkout (#6)" (tag v1.1, lightweight).
    static func deliveryHistory() throws -> ScratchRepository {
        let repository = try ScratchRepository()
        try repository.commit("first", at: "2026-03-01T09:00:00Z")
        try repository.git("tag", "-a", "v1.0", "-m", "release", at: "2026-03-02T09:00:00Z")
        try repository.commit("PAY-12 compute totals", at: "2026-03-03T09:00:00Z")
        try repository.git("checkout", "-q", "-b", "feature")
        try repository.commit("work on the feature", at: "2026-03-03T12:00:00Z")
        try repository.git("checkout", "-q", "main")
        try repository.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #5 from acme/feature", at: "2026-03-04T09:00:00Z")
        try repository.commit("Faster checkout (#6)", at: "2026-03-04T15:00:00Z")
        try repository.git("tag", "v1.1")
        return repository
    }
}

@Suite("Importing local git history", .serialized)
struct GitImportTests {
    func importer(_ store: any EventStore) -> GitImporter {
        GitImporter(ingest: IngestService(store: store, organization: OrganizationMap()))
    }

    func report(_ store: any EventStore, service: String) async throws -> DoraReport {
        try await MetricsEngine(store: store, organization: OrganizationMap(), settings: MetricsSettings())
            .report(scope: MetricScope(kind: .service, name: service), window: try WindowParser.window(from: "2026-03-01", to: "2026-04-01"))
    }

    @Test func tagsBecomeDeploymentsAndCommitsGiveLeadTimes() async throws {
        let repository = try ScratchRepository.deliveryHistory()
        let store = InMemoryEventStore()
        let summary = try await importer(store).run(.init(path: repository.path, service: "shop", deployments: .tags(pattern: "v*")))
        #expect(summary.commitsRead == 5)
        #expect(summary.deployments == 2)
        #expect(summary.repository.hasPrefix("local/streamgauge-git-"))
        #expect(summary.shallowWarning == nil)
        let facts = try await report(store, service: "shop")
        // v1.0 deployed at its tag date (the first deployment: no lead times); v1.1 (lightweight)
        // at its commit's date, 2026-03-04T15:00, shipping c2 (30 h), b1 (27 h), the merge (6 h)
        // and the squash commit (0 h).
        #expect(facts.deploymentFrequency.count == 2)
        #expect(facts.leadTimeForChanges.changes == 4)
        #expect(facts.leadTimeForChanges.p50Seconds == 16.5 * 3_600)
        #expect(facts.batchSize.p50Commits == 4)
        let history = try await store.history(of: "shop")
        #expect(Set(history.pullRequests.map(\.number)) == [5, 6])
        #expect(history.deployments.map(\.finishedAt).sorted().first == RFC3339.date(from: "2026-03-02T09:00:00Z"))
        #expect(history.commits.first { $0.message == "PAY-12 compute totals" }?.workItemKeys == ["PAY-12"])
    }

    @Test func runningAgainReadsOnlyWhatIsNew() async throws {
        let repository = try ScratchRepository.deliveryHistory()
        let store = InMemoryEventStore()
        _ = try await importer(store).run(.init(path: repository.path, service: "shop", deployments: .tags(pattern: "v*")))
        let again = try await importer(store).run(.init(path: repository.path, service: "shop", deployments: .tags(pattern: "v*")))
        #expect(again.isIncremental)
        #expect(again.commitsRead == 0)
        #expect(again.eventsAccepted == 0)
        try repository.commit("hotfix", at: "2026-03-05T09:00:00Z")
        try repository.git("tag", "v1.2")
        let third = try await importer(store).run(.init(path: repository.path, service: "shop", deployments: .tags(pattern: "v*")))
        #expect(third.commitsRead == 1)
        #expect(third.eventsAccepted == 2) // the commit and the new deployment
        #expect(try await report(store, service: "shop").deploymentFrequency.count == 3)
    }

    @Test func branchesAndMergesAsDeployments() async throws {
        let repository = try ScratchRepository.deliveryHistory()
        let onBranch = InMemoryEventStore()
        let branch = try await importer(onBranch).run(.init(path: repository.path, service: "shop", deployments: .branch(name: "main")))
        #expect(branch.deployments == 4) // first-parent: c1, c2, merge, squash
        let onMerges = InMemoryEventStore()
        let merges = try await importer(onMerges).run(.init(path: repository.path, service: "shop", deployments: .firstParentMerges(branch: "main")))
        #expect(merges.deployments == 1)
    }

    @Test func bareRepositoriesAndWorktreesImportTheSameHistory() async throws {
        let repository = try ScratchRepository.deliveryHistory()
        let bare = repository.path + "-bare.git"
        try repository.git("clone", "-q", "--bare", repository.path, bare)
        let worktree = repository.path + "-worktree"
        try repository.git("worktree", "add", "-q", worktree, "v1.0")
        for path in [bare, worktree] {
            let summary = try await importer(InMemoryEventStore()).run(.init(path: path, service: "shop", deployments: .tags(pattern: "v*")))
            #expect(summary.deployments == 2, "\(path)")
            #expect(summary.commitsRead >= 5, "\(path)")
        }
    }

    @Test func shallowClonesAreReported() async throws {
        let repository = try ScratchRepository.deliveryHistory()
        let shallow = repository.path + "-shallow"
        try repository.git("clone", "-q", "--depth", "2", "file://\(repository.path)", shallow)
        try ScratchRepository(existing: shallow).git("fetch", "-q", "--tags", "--depth", "2")
        let summary = try await importer(InMemoryEventStore()).run(.init(path: shallow, service: "shop", deployments: .branch(name: "HEAD")))
        #expect(summary.shallowWarning?.contains("shallow clone") == true)
        #expect(summary.shallowWarning?.contains("boundary commit") == true)
    }

    @Test func mistakesAreClearErrorsAndStoreNothing() async throws {
        let repository = try ScratchRepository.deliveryHistory()
        let store = InMemoryEventStore()
        await #expect(throws: GitImportError.self) {
            _ = try await importer(store).run(.init(path: "/nonexistent/repo", deployments: .tags(pattern: "v*")))
        }
        let notRepository = FileManager.default.temporaryDirectory.path
        do {
            _ = try await importer(store).run(.init(path: notRepository, deployments: .tags(pattern: "v*")))
            Issue.record("imported a folder that is not a repository")
        } catch {
            #expect("\(error)".contains("is not a git repository"))
        }
        do {
            _ = try await importer(store).run(.init(path: repository.path, deployments: .tags(pattern: "release-*")))
            Issue.record("a pattern that matches nothing was accepted")
        } catch {
            #expect("\(error)".contains("no tag matches \"release-*\""))
        }
        do {
            _ = try await importer(store).run(.init(path: repository.path, deployments: .branch(name: "production")))
            Issue.record("an unknown branch was accepted")
        } catch {
            #expect("\(error)".contains("no branch or ref named \"production\""))
        }
        #expect(try await store.statistics().archivedRequests == 0)
        #expect(throws: GitImportError.self) { try DeploymentRule(parsing: "tags") }
        #expect(throws: GitImportError.self) { try DeploymentRule(parsing: "releases:x") }
        #expect(try DeploymentRule(parsing: "first-parent-merges:main") == .firstParentMerges(branch: "main"))
    }

    @Test func reprocessingRereadsTheArchivedGitLog() async throws {
        let repository = try ScratchRepository.deliveryHistory()
        let (store, _) = try temporarySQLiteStore()
        try await store.prepare()
        _ = try await importer(store).run(.init(path: repository.path, service: "shop", deployments: .tags(pattern: "v*")))
        let before = try await report(store, service: "shop")
        let summary = try await Reprocessor(store: store, organization: OrganizationMap()).run()
        #expect(summary.undecodable.isEmpty)
        #expect(try await report(store, service: "shop") == before)
    }

    @Test(.timeLimit(.minutes(2))) func theRealSwiftNIOHistoryImports() async throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/git-history")
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("streamgauge-nio-\(UUID().uuidString)").path
        let rebuild = Process()
        rebuild.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        rebuild.arguments = ["python3", shared.appendingPathComponent("rebuild.py").path, "swift-nio.tsv.gz", target]
        rebuild.standardOutput = FileHandle.nullDevice
        try rebuild.run()
        rebuild.waitUntilExit()
        #expect(rebuild.terminationStatus == 0)
        let (store, _) = try temporarySQLiteStore()
        try await store.prepare()
        // A rule that matches nothing is found while git still has more history to write than a
        // pipe holds: a clear error, git stopped (not left waiting on the pipe), nothing stored.
        do {
            _ = try await importer(store).run(.init(path: target, service: "swift-nio", deployments: .tags(pattern: "no-such-tag-*")))
            Issue.record("a pattern that matches nothing was accepted")
        } catch {
            #expect("\(error)".contains("no tag matches \"no-such-tag-*\""))
        }
        #expect(try await store.statistics().archivedRequests == 0)
        let summary = try await importer(store).run(.init(path: target, service: "swift-nio", deployments: .tags(pattern: "*")))
        #expect(summary.commitsRead == 11_127)
        #expect(summary.deployments == 187)
        let engine = MetricsEngine(store: store, organization: OrganizationMap(), settings: MetricsSettings())
        let year = try await engine.report(scope: MetricScope(kind: .service, name: "swift-nio"), window: try WindowParser.window(from: "2024-01-01", to: "2025-01-01"))
        #expect(year.deploymentFrequency.count > 0)
        #expect(year.leadTimeForChanges.changes > 0)
        #expect(year.dataQuality.unknownCommits == 0)
    }
}

extension ScratchRepository {
    init(existing path: String) {
        self.path = path
    }
}
