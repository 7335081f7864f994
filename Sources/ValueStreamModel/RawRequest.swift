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
    /// The sender's id of this delivery (a webhook's delivery id, with its connection), when it
    /// has one: a request whose key was archived before is a redelivery and is stored once.
    public var deliveryKey: String?

    public init(channel: String, headers: [String: String] = [:], body: Data, receivedAt: Date = Date(), deliveryKey: String? = nil) {
        self.channel = channel
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
        self.receivedAt = receivedAt
        self.deliveryKey = deliveryKey
    }

    public var contentType: String? { headers["content-type"] }
}

