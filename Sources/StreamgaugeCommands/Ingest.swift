import ArgumentParser
import Connectors
import EventStore
import Foundation
import StreamgaugeServer
import ValueStreamModel

/// `streamgauge ingest FILE|-`: native events from a file or standard input.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store native events (JSON object, array, or NDJSON) from a file or standard input.",
        discussion: "The whole input is checked first: a bad event stops it with its line and field, and nothing is stored."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "File to read, or - for standard input.")
    var file: String

    func run() async throws {
        let configuration = try options.configuration()
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            data = contents
        }
        let isNDJSON = file.hasSuffix(".ndjson") || file.hasSuffix(".jsonl") || Self.looksLikeNDJSON(data)
        let contentType = isNDJSON ? "application/x-ndjson" : "application/json"
        do {
            // Check everything before storing anything.
            let events = try NativeEventDecoder().decode(RawRequest(channel: "native", headers: ["content-type": contentType], body: data))
            let store = try await options.openStore(configuration)
            let ingest = IngestService(store: store, organization: configuration.organization)
            let progress = ProgressLine("ingesting", total: events.count)
            let result: (accepted: Int, duplicates: Int)
            if isNDJSON {
                let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
                    .filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } }
                result = try await BatchLoader(ingest: ingest).load(lines: lines.map { Data($0) }) { progress.update($0) }
            } else {
                let receipt = try await ingest.ingest(RawRequest(channel: "native", headers: ["content-type": contentType], body: data))
                result = (receipt.accepted, receipt.duplicates)
            }
            progress.finish()
            try await MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics).refreshLinks()
            print("accepted \(result.accepted), duplicates \(result.duplicates)")
        } catch let error as EventDecodingError {
            printError("\(file == "-" ? "stdin" : file): \(error.description); nothing was stored")
            throw ExitCode(65)
        }
    }

    /// An object on the first line and more after it: NDJSON even without the extension (a
    /// pretty-printed object or array does not parse on its first line).
    static func looksLikeNDJSON(_ data: Data) -> Bool {
        // Only the first line is parsed: a file is read (and checked) once, by the decoder.
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        let start = data.firstIndex { !isBlank($0) } ?? data.endIndex
        guard start < data.endIndex, data[start] == UInt8(ascii: "{") else { return false }
        let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
        let firstLine = try? JSONSerialization.jsonObject(with: Data(data[start..<end]))
        let hasMore = data[end...].contains { !isBlank($0) }
        return firstLine is [String: Any] && hasMore
    }
}
