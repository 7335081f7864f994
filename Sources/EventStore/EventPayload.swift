import Foundation
import ValueStreamModel

/// The stored form of an event: a compact binary encoding, written field by field in a fixed
/// order, so that equal events have equal bytes (duplicates are found by comparing bytes) and
/// reading one back costs no JSON parsing. Version 1; a new field means a new version.
public enum EventPayload {
    static let version: UInt8 = 1

    public static func encode(_ event: DeliveryEvent) -> Data {
        var writer = PayloadWriter()
        writer.byte(version)
        writer.string(event.key.source)
        writer.string(event.key.id)
        switch event {
        case .commit(let commit):
            writer.byte(0)
            writer.string(commit.repository)
            writer.string(commit.sha)
            writer.strings(commit.parents)
            writer.date(commit.authoredAt)
            writer.date(commit.committedAt)
            writer.optionalString(commit.authorPseudonym)
            writer.optionalString(commit.message)
            writer.strings(commit.workItemKeys)
            writer.optionalStrings(commit.files)
        case .pullRequest(let pullRequest):
            writer.byte(1)
            writer.string(pullRequest.repository)
            writer.integer(pullRequest.number)
            writer.date(pullRequest.openedAt)
            writer.optionalString(pullRequest.title)
            writer.optionalDate(pullRequest.firstCommitAt)
            writer.optionalDate(pullRequest.firstReviewAt)
            writer.optionalDate(pullRequest.mergedAt)
            writer.optionalDate(pullRequest.closedAt)
            writer.optionalString(pullRequest.mergeCommitSha)
            writer.optionalString(pullRequest.headSha)
            writer.optionalString(pullRequest.baseBranch)
            writer.strings(pullRequest.commits)
            writer.strings(pullRequest.workItems)
            writer.optionalInteger(pullRequest.additions)
            writer.optionalInteger(pullRequest.deletions)
        case .pipelineRun(let run):
            writer.byte(2)
            writer.optionalString(run.repository)
            writer.optionalString(run.service)
            writer.string(run.pipeline)
            writer.string(run.sha)
            writer.optionalDate(run.queuedAt)
            writer.date(run.startedAt)
            writer.optionalDate(run.finishedAt)
            writer.string(run.result.rawValue)
        case .deployment(let deployment):
            writer.byte(3)
            writer.string(deployment.service)
            writer.string(deployment.environment)
            writer.string(deployment.sha)
            writer.optionalString(deployment.repository)
            writer.optionalDate(deployment.startedAt)
            writer.date(deployment.finishedAt)
            writer.string(deployment.result.rawValue)
            writer.optionalString(deployment.rollbackOf)
            writer.byte(deployment.rollsBackPrevious ? 1 : 0)
            writer.strings(deployment.remediates)
        case .incident(let incident):
            writer.byte(4)
            writer.strings(incident.services)
            writer.date(incident.openedAt)
            writer.optionalDate(incident.resolvedAt)
            writer.optionalString(incident.severity)
            writer.optionalString(incident.title)
            switch incident.causedBy {
            case nil: writer.byte(0)
            case .deployment(let id): writer.byte(1); writer.string(id)
            case .sha(let sha): writer.byte(2); writer.string(sha)
            }
        case .workItem(let item):
            writer.byte(5)
            writer.string(item.itemKey)
            writer.string(item.type.rawValue)
            writer.date(item.createdAt)
            writer.integer(item.transitions.count)
            for transition in item.transitions {
                writer.string(transition.status)
                writer.date(transition.at)
            }
            writer.optionalString(item.title)
            writer.optionalString(item.service)
            writer.optionalString(item.team)
        }
        return writer.data
    }

    public static func decode(_ data: Data) throws -> DeliveryEvent {
        var reader = PayloadReader(data)
        guard try reader.byte() == version else { throw PayloadError.unknownVersion }
        let source = try reader.string()
        let id = try reader.string()
        func key(_ kind: EventKind) -> EventKey { EventKey(source: source, kind: kind, id: id) }
        switch try reader.byte() {
        case 0:
            return .commit(Commit(
                key: key(.commit), repository: try reader.string(), sha: try reader.string(), parents: try reader.strings(),
                authoredAt: try reader.date(), committedAt: try reader.date(), authorPseudonym: try reader.optionalString(),
                message: try reader.optionalString(), workItemKeys: try reader.strings(), files: try reader.optionalStrings()
            ))
        case 1:
            return .pullRequest(PullRequest(
                key: key(.pullRequest), repository: try reader.string(), number: try reader.integer(),
                openedAt: try reader.date(), title: try reader.optionalString(), firstCommitAt: try reader.optionalDate(),
                firstReviewAt: try reader.optionalDate(), mergedAt: try reader.optionalDate(), closedAt: try reader.optionalDate(),
                mergeCommitSha: try reader.optionalString(), headSha: try reader.optionalString(),
                baseBranch: try reader.optionalString(), commits: try reader.strings(), workItems: try reader.strings(),
                additions: try reader.optionalInteger(), deletions: try reader.optionalInteger()
            ))
        case 2:
            return .pipelineRun(PipelineRun(
                key: key(.pipelineRun), repository: try reader.optionalString(), service: try reader.optionalString(),
                pipeline: try reader.string(), sha: try reader.string(), queuedAt: try reader.optionalDate(),
                startedAt: try reader.date(), finishedAt: try reader.optionalDate(),
                result: try reader.choice(PipelineResult.self)
            ))
        case 3:
            return .deployment(Deployment(
                key: key(.deployment), service: try reader.string(), environment: try reader.string(), sha: try reader.string(),
                repository: try reader.optionalString(), startedAt: try reader.optionalDate(), finishedAt: try reader.date(),
                result: try reader.choice(DeploymentResult.self), rollbackOf: try reader.optionalString(),
                rollsBackPrevious: try reader.byte() == 1, remediates: try reader.strings()
            ))
        case 4:
            let services = try reader.strings()
            let openedAt = try reader.date()
            let resolvedAt = try reader.optionalDate()
            let severity = try reader.optionalString()
            let title = try reader.optionalString()
            let cause: IncidentCause? = switch try reader.byte() {
            case 1: .deployment(id: try reader.string())
            case 2: .sha(try reader.string())
            default: nil
            }
            return .incident(Incident(
                key: key(.incident), services: services, openedAt: openedAt, resolvedAt: resolvedAt, severity: severity,
                title: title, causedBy: cause
            ))
        case 5:
            let itemKey = try reader.string()
            let type = try reader.choice(WorkItemType.self)
            let createdAt = try reader.date()
            var transitions: [StatusTransition] = []
            for _ in 0..<(try reader.integer()) {
                transitions.append(StatusTransition(status: try reader.string(), at: try reader.date()))
            }
            return .workItem(WorkItem(
                key: key(.workItem), itemKey: itemKey, type: type, createdAt: createdAt, transitions: transitions,
                title: try reader.optionalString(), service: try reader.optionalString(), team: try reader.optionalString()
            ))
        default:
            throw PayloadError.corrupt
        }
    }
}

/// A stored payload that cannot be read.
public enum PayloadError: Error {
    case unknownVersion, corrupt
}

struct PayloadWriter {
    /// Bytes in an array, made `Data` once at the end: appending to `Data` piece by piece costs
    /// several times more, and every stored event passes through here.
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(256)
    }

    var data: Data { Data(bytes) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func integer(_ value: Int) {
        fixedWidth(UInt64(bitPattern: Int64(value)))
    }

    mutating func date(_ value: Date) {
        fixedWidth(value.timeIntervalSinceReferenceDate.bitPattern)
    }

    /// Eight bytes, least significant first.
    private mutating func fixedWidth(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            integer(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func strings(_ values: [String]) {
        integer(values.count)
        for value in values { string(value) }
    }

    mutating func optionalString(_ value: String?) {
        byte(value == nil ? 0 : 1)
        if let value { string(value) }
    }

    mutating func optionalStrings(_ values: [String]?) {
        byte(values == nil ? 0 : 1)
        if let values { strings(values) }
    }

    mutating func optionalDate(_ value: Date?) {
        byte(value == nil ? 0 : 1)
        if let value { date(value) }
    }

    mutating func optionalInteger(_ value: Int?) {
        byte(value == nil ? 0 : 1)
        if let value { integer(value) }
    }
}

struct PayloadReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) {
        bytes = [UInt8](data)
    }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else { throw PayloadError.corrupt }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func byte() throws -> UInt8 { try take(1).first! }

    private mutating func word() throws -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try take(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }

    mutating func integer() throws -> Int { Int(Int64(bitPattern: try word())) }

    mutating func date() throws -> Date { Date(timeIntervalSinceReferenceDate: Double(bitPattern: try word())) }

    mutating func string() throws -> String { String(decoding: try take(try integer()), as: UTF8.self) }

    mutating func strings() throws -> [String] {
        let count = try integer()
        guard count >= 0, count <= bytes.count else { throw PayloadError.corrupt }
        return try (0..<count).map { _ in try string() }
    }

    mutating func optionalString() throws -> String? { try byte() == 1 ? try string() : nil }
    mutating func optionalStrings() throws -> [String]? { try byte() == 1 ? try strings() : nil }
    mutating func optionalDate() throws -> Date? { try byte() == 1 ? try date() : nil }
    mutating func optionalInteger() throws -> Int? { try byte() == 1 ? try integer() : nil }

    mutating func choice<Value: RawRepresentable>(_ type: Value.Type) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: try string()) else { throw PayloadError.corrupt }
        return value
    }
}
