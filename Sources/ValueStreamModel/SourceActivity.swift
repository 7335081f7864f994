import Foundation

/// When a source (a channel, and its connection or repository) last sent a request, and how
/// many it sent: stale sources stand out on the data quality page.
public struct SourceActivity: Sendable, Hashable {
    public var source: String
    public var requests: Int
    public var lastReceivedAt: Date

    public init(source: String, requests: Int, lastReceivedAt: Date) {
        self.source = source
        self.requests = requests
        self.lastReceivedAt = lastReceivedAt
    }
}

extension SourceActivity {
    /// A source's display name: `github webhook shop`, `github-api github.com/acme/shop`,
    /// `native`.
    public static func name(channel: String, headers: [String: String]) -> String {
        if let tool = headers["x-streamgauge-tool"], let connection = headers["x-streamgauge-connection"] {
            return "\(tool) webhook \(connection)"
        }
        if let repository = headers["x-streamgauge-repository"] { return "\(channel) \(repository)" }
        return channel
    }
}
