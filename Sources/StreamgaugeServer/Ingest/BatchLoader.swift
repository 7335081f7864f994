import Connectors
import EventStore
import Foundation
import OrganizationGenerator
import ValueStreamModel

/// Loads a stream of native events through the ingest path in batches, each batch archived as
/// one NDJSON request, so that what was loaded can be reprocessed like anything received.
public struct BatchLoader: Sendable {
    public let ingest: IngestService
    public let batchSize: Int

    public init(ingest: IngestService, batchSize: Int = 5_000) {
        self.ingest = ingest
        self.batchSize = batchSize
    }

    /// Sends NDJSON `lines` (without newlines) in batches; returns the summed receipt counts.
    public func load(lines: some Sequence<Data>, progress: ((Int) -> Void)? = nil) async throws -> (accepted: Int, duplicates: Int) {
        var accepted = 0
        var duplicates = 0
        var buffer = Data()
        var count = 0
        var sent = 0
        func flush() async throws {
            guard count > 0 else { return }
            let receipt = try await ingest.ingest(RawRequest(
                channel: "native", headers: ["content-type": "application/x-ndjson"], body: buffer
            ))
            accepted += receipt.accepted
            duplicates += receipt.duplicates
            sent += count
            progress?(sent)
            buffer.removeAll(keepingCapacity: true)
            count = 0
        }
        for line in lines {
            buffer.append(line)
            buffer.append(UInt8(ascii: "\n"))
            count += 1
            if count >= batchSize { try await flush() }
        }
        try await flush()
        return (accepted, duplicates)
    }
}

extension BatchLoader {
    /// Loads a generated organisation service by service (memory stays bounded by one service's
    /// events); `progress` receives the number of services loaded. Returns events accepted.
    public func load(_ generator: OrganizationGenerator, progress: ((Int) -> Void)? = nil) async throws -> Int {
        var accepted = 0
        for position in 0..<generator.serviceCount {
            var lines: [Data] = []
            generator.generateService(at: position) { lines.append(NativeEventEncoder.json($0)) }
            accepted += try await load(lines: lines).accepted
            progress?(position + 1)
        }
        return accepted
    }
}
