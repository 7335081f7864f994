import Foundation

/// A request as received: what every decoder reads, and what the raw archive keeps so that
/// `streamgauge reprocess` can decode it again.
public struct RawRequest: Sendable, Hashable {
    /// The archive's sequence number once stored; `nil` before.
    public var sequence: Int64?
    /// Which decoder reads it (`native`, `cdevents`, …).
    public var channel: String
    /// Header names lower-cased; only the headers a decoder reads are kept.
    public var headers: [String: String]
    public var body: Data
    public var receivedAt: Date

    public init(channel: String, headers: [String: String] = [:], body: Data, receivedAt: Date = Date()) {
        self.channel = channel
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
        self.receivedAt = receivedAt
    }

    public var contentType: String? { headers["content-type"] }
}

