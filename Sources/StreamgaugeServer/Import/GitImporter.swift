import Connectors
import EventStore
import Foundation
import ValueStreamModel

/// Imports a local repository's history: every commit (streamed from `git log`, archived as
/// git's own output so that reprocessing re-reads it), pull requests named by merge messages,
/// and deployments derived by a `DeploymentRule`. Re-running reads only commits reachable from
/// refs that were not read before.
public struct GitImporter: Sendable {
    public struct Options: Sendable {
        public var path: String
        public var service: String?
        public var repository: String?
        public var deployments: DeploymentRule
        public var environment = "production"

        public init(path: String, service: String? = nil, repository: String? = nil, deployments: DeploymentRule) {
            self.path = path
            self.service = service
            self.repository = repository
            self.deployments = deployments
        }
    }

    /// What an import did.
    public struct Summary: Sendable {
        public var repository = ""
        public var service = ""
        public var commitsRead = 0
        /// How many commits the import found to read: known before reading them when progress
        /// is reported, else the number read.
        public var commitsToRead = 0
        public var eventsAccepted = 0
        public var duplicates = 0
        public var deployments = 0
        public var isIncremental = false
        /// Set for a shallow clone: what history is missing.
        public var shallowWarning: String?
        public var seconds = 0.0
    }

    public let ingest: IngestService
    /// Commits per archived request while writing keeps up with reading; while a write is still
    /// in progress reading goes on, up to `batchesHeldWhileWriting` times as many.
    public var batchSize = 20_000

    /// How many batches' worth of records reading may hold while a write is in progress.
    static let batchesHeldWhileWriting = 4

    public init(ingest: IngestService) {
        self.ingest = ingest
    }

    public func run(_ options: Options, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> Summary {
        let started = Date()
        let git = GitCommand(repositoryPath: options.path)
        guard FileManager.default.fileExists(atPath: options.path) else {
            throw GitImportError("\(options.path) does not exist")
        }
        do {
            _ = try git.text(["rev-parse", "--git-dir"])
        } catch {
            throw GitImportError("\(options.path) is not a git repository (git says: \(error))")
        }
        var summary = Summary()
        summary.repository = try options.repository.map(OrganizationMap.normalized) ?? repositoryName(git, path: options.path)
        summary.service = options.service ?? ingest.organization.primaryService(forRepository: summary.repository)
        summary.shallowWarning = try shallowWarning(git)

        // Deployments are derived while git log starts, and awaited before the first write: a
        // rule that matches nothing still stops the import before anything is stored.
        let deriving = Task { [service = summary.service, repository = summary.repository] in
            try deploymentEvents(git, options: options, service: service, repository: repository)
        }

        let checkpointName = "git:\(summary.repository)"
        let tips = try git.text(["rev-parse", "--all"]).split(separator: "\n").map(String.init)
        let previous = try await ingest.store.checkpoint(checkpointName)?.split(separator: " ").map(String.init) ?? []
        let known = try existingObjects(previous, git)
        summary.isIncremental = !known.isEmpty
        var logArguments = ["log", "--all", "--format=\(GitLogDecoder.format)"]
        if !known.isEmpty { logArguments += ["--not"] + known }
        // The count first, for progress to show an ETA; it walks the whole graph (about two
        // thirds of what `git log` costs), so only when someone watches.
        if progress != nil {
            var countArguments = ["rev-list", "--count", "--all"]
            if !known.isEmpty { countArguments += ["--not"] + known }
            summary.commitsToRead = Int(try git.text(countArguments)) ?? 0
            progress?(0, summary.commitsToRead)
        }

        var pending = Data()
        var pendingRecords = 0
        var writer = OrderedBatchWriter(ingest: ingest)
        func send() async throws {
            // Nothing is stored before the deployment rule is known to match.
            _ = try await deriving.value
            guard pendingRecords > 0 else { return }
            try await writer.send(RawRequest(
                channel: "git", headers: [GitLogDecoder.repositoryHeader: summary.repository], body: pending
            ))
            summary.commitsRead += pendingRecords
            progress?(summary.commitsRead, summary.commitsToRead)
            pending = Data()
            pendingRecords = 0
        }
        try await git.stream(logArguments) { chunk in
            pending.append(chunk)
            // Byte scans through raw buffers: iterating `Data` element by element is slow.
            pendingRecords += chunk.withUnsafeBytes { bytes in bytes.reduce(0) { $1 == 0x1E ? $0 + 1 : $0 } }
            // Send whole records in batches; keep a partial record for the next chunk.
            // The first batch is small, so that writing starts while git is still warming up.
            guard pendingRecords >= (summary.commitsRead == 0 ? batchSize / 10 : batchSize) else { return }
            // While earlier batches are still being stored, keep reading (up to a bound), so
            // that git never waits on a full pipe; the next batch is then larger.
            if writer.isFull, pendingRecords < batchSize * Self.batchesHeldWhileWriting { return }
            let cut = pending.withUnsafeBytes { bytes in bytes.lastIndex(of: 0x1E).map { $0 + 1 } }
            guard let cut else { return }
            let rest = Data(pending[(pending.startIndex + cut)...])
            pending.removeSubrange((pending.startIndex + cut)...)
            try await send()
            pending = rest
        }
        try await send()
        try await writer.finish()
        summary.eventsAccepted += writer.accepted
        summary.duplicates += writer.duplicates
        if progress == nil { summary.commitsToRead = summary.commitsRead }
        let deployments = try await deriving.value

        for start in stride(from: 0, to: deployments.count, by: 5_000) {
            let slice = Array(deployments[start..<min(start + 5_000, deployments.count)])
            let receipt = try await ingest.ingest(RawRequest(
                channel: "native", headers: ["content-type": "application/x-ndjson"], body: NativeEventEncoder.ndjson(slice)
            ))
            summary.eventsAccepted += receipt.accepted
            summary.duplicates += receipt.duplicates
        }
        summary.deployments = deployments.count
        try await ingest.store.saveCheckpoint(checkpointName, value: tips.joined(separator: " "))
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// The objects of `names` that still exist (a force-push may have dropped a tip), asked of
    /// one `git cat-file --batch-check`.
    private func existingObjects(_ names: [String], _ git: GitCommand) throws -> [String] {
        guard !names.isEmpty else { return [] }
        let answer = try git.text(["cat-file", "--batch-check=%(objectname)"], input: Data(names.joined(separator: "\n").utf8 + [0x0A]))
        let lines = answer.split(separator: "\n", omittingEmptySubsequences: false)
        return zip(names, lines).filter { !$0.1.hasSuffix("missing") }.map(\.0)
    }

    /// The origin remote's address, else `local/<directory>`.
    private func repositoryName(_ git: GitCommand, path: String) throws -> String {
        if let origin = try? git.text(["config", "--get", "remote.origin.url"]), !origin.isEmpty {
            return OrganizationMap.normalized(origin)
        }
        let top = (try? git.text(["rev-parse", "--show-toplevel"])).flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: path).standardizedFileURL.path
        var name = URL(fileURLWithPath: top).lastPathComponent
        if name.hasSuffix(".git") { name.removeLast(4) }
        return "local/\(name)"
    }

    private func shallowWarning(_ git: GitCommand) throws -> String? {
        guard try git.text(["rev-parse", "--is-shallow-repository"]) == "true" else { return nil }
        let boundaryFile = try git.text(["rev-parse", "--git-path", "shallow"])
        let path = boundaryFile.hasPrefix("/") ? boundaryFile : "\(git.repositoryPath)/\(boundaryFile)"
        let boundary = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0
        return "this is a shallow clone: the parents of \(boundary) boundary commit(s) are missing, so commits older than "
            + "the boundary are unknown and the first deployments after it get incomplete lead times "
            + "(`git fetch --unshallow` brings the rest)"
    }

    private func deploymentEvents(_ git: GitCommand, options: Options, service: String, repository: String) throws -> [DeliveryEvent] {
        func deployment(id: String, sha: String, at seconds: Double) -> DeliveryEvent {
            .deployment(Deployment(
                key: EventKey(source: "git", kind: .deployment, id: "\(repository):\(id)"), service: service,
                environment: options.environment, sha: sha, repository: repository,
                finishedAt: Date(timeIntervalSince1970: seconds), result: .success
            ))
        }
        switch options.deployments {
        case .tags(let pattern):
            let format = "%(refname:strip=2)%1f%(objecttype)%1f%(*objecttype)%1f%(*objectname)%1f%(objectname)%1f%(taggerdate:unix)%1f%(committerdate:unix)"
            let lines = try git.text(["for-each-ref", "--format=\(format)", "refs/tags/\(pattern)"]).split(separator: "\n")
            var events: [DeliveryEvent] = []
            for line in lines {
                let fields = line.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 7 else { continue }
                if fields[1] == "tag", fields[2] == "commit", let date = Double(fields[5]) {
                    events.append(deployment(id: "tag:\(fields[0])", sha: fields[3], at: date))
                } else if fields[1] == "commit", let date = Double(fields[6]) {
                    events.append(deployment(id: "tag:\(fields[0])", sha: fields[4], at: date))
                }
            }
            guard !events.isEmpty else { throw GitImportError("no tag matches \"\(pattern)\" (tags point at commits; check `git tag -l '\(pattern)'`)") }
            return events
        case .branch(let name), .firstParentMerges(let name):
            guard (try? git.text(["rev-parse", "--verify", "--quiet", "\(name)^{commit}"])) != nil else {
                throw GitImportError("there is no branch or ref named \"\(name)\"")
            }
            var arguments = ["log", "--first-parent", "--format=%H%x1f%ct", name]
            if case .firstParentMerges = options.deployments { arguments.insert("--merges", at: 2) }
            let lines = try git.text(arguments).split(separator: "\n")
            let events = lines.compactMap { line -> DeliveryEvent? in
                let fields = line.split(separator: "\u{1F}")
                guard fields.count == 2, let date = Double(fields[1]) else { return nil }
                return deployment(id: "\(options.deployments):\(fields[0])", sha: String(fields[0]), at: date)
            }
            guard !events.isEmpty else { throw GitImportError("\(options.deployments) matches no commit") }
            return events
        }
    }
}
