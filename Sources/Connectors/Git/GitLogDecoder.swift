import Foundation
import ValueStreamModel

/// Reads the output of `git log --format=<GitLogDecoder.format>` (as archived by `streamgauge
/// import git`) into commit events, and pull requests where a merge message names one.
/// The repository comes from the `x-streamgauge-repository` header kept with the request.
public struct GitLogDecoder: RequestDecoder {
    public let channel = "git"
    public static let repositoryHeader = "x-streamgauge-repository"
    public let relevantHeaders: Set<String> = [GitLogDecoder.repositoryHeader]

    /// sha, parents, author time, committer time, raw message; fields end with 0x1F, records with 0x1E.
    public static let format = "%H%x1f%P%x1f%at%x1f%ct%x1f%B%x1e"
    static let fieldSeparator: UInt8 = 0x1F
    static let recordSeparator: UInt8 = 0x1E

    public init() {}

    public func decode(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent] {
        guard let repository = request.headers[Self.repositoryHeader], !repository.isEmpty else {
            throw EventDecodingError("a git log request needs the \(Self.repositoryHeader) header", line: 1)
        }
        var events: [IncomingEvent] = []
        var failure: EventDecodingError?
        request.body.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var recordStart = 0
            var recordNumber = 0
            for index in 0..<bytes.count where bytes[index] == Self.recordSeparator {
                recordNumber += 1
                do {
                    try Self.record(UnsafeBufferPointer(rebasing: bytes[recordStart..<index]), repository: repository, number: recordNumber, into: &events)
                } catch let error as EventDecodingError {
                    failure = error
                    return
                } catch {
                    return
                }
                recordStart = index + 1
            }
        }
        if let failure { throw failure }
        return events
    }

    private static func record(
        _ bytes: UnsafeBufferPointer<UInt8>, repository: String, number: Int, into events: inout [IncomingEvent]
    ) throws(EventDecodingError) {
        var fields: [UnsafeBufferPointer<UInt8>] = []
        fields.reserveCapacity(4)
        var start = 0
        // Skip the newline git writes between records.
        while start < bytes.count, bytes[start] == 0x0A { start += 1 }
        var fieldStart = start
        var index = start
        // The message (the fifth field) may hold any byte: only the first four separators count.
        while fields.count < 4, index < bytes.count {
            if bytes[index] == fieldSeparator {
                fields.append(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]))
                fieldStart = index + 1
            }
            index += 1
        }
        guard fields.count == 4 else { throw EventDecodingError("git log record is not sha, parents, times and message", line: number) }
        let message = UnsafeBufferPointer(rebasing: bytes[fieldStart..<bytes.count])
        let sha = String(decoding: fields[0], as: UTF8.self)
        guard fields[0].count >= 40 else { throw EventDecodingError("\"\(sha)\" is not a commit sha", line: number, field: "sha") }
        let parents = fields[1].split(separator: 0x20).map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
        guard let authored = integer(fields[2]), let committed = integer(fields[3]) else {
            throw EventDecodingError("commit \(sha) has no readable dates", line: number, field: "authoredAt")
        }
        let subject = String(decoding: UnsafeBufferPointer(rebasing: message[0..<(message.firstIndex(of: 0x0A) ?? message.count)]), as: UTF8.self)
        let commit = Commit(
            key: EventKey(source: "git", kind: .commit, id: sha), repository: repository, sha: sha, parents: parents,
            authoredAt: Date(timeIntervalSince1970: Double(authored)), committedAt: Date(timeIntervalSince1970: Double(committed)),
            message: subject, workItemKeys: WorkItemKeyScanner.keys(in: message)
        )
        events.append(IncomingEvent(.commit(commit)))
        if let number = MergeMessage.pullRequestNumber(in: message, parentCount: parents.count) {
            events.append(IncomingEvent(.pullRequest(PullRequest(
                key: EventKey(source: "git", kind: .pullRequest, id: "\(repository)#\(number)"), repository: repository,
                number: number, openedAt: commit.authoredAt, title: subject, mergedAt: commit.committedAt,
                closedAt: commit.committedAt, mergeCommitSha: sha, workItems: commit.workItemKeys
            ))))
        }
    }

    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
