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

extension SourceActivity {
    /// One entry per source name from counts grouped by channel and headers (a store groups by
    /// what it can; several groups may name one source), sorted by name.
    public static func collect(_ groups: [(channel: String, headers: [String: String], requests: Int, lastReceivedAt: Date)]) -> [SourceActivity] {
        var bySource: [String: SourceActivity] = [:]
        for group in groups {
            let name = Self.name(channel: group.channel, headers: group.headers)
            var activity = bySource[name] ?? SourceActivity(source: name, requests: 0, lastReceivedAt: group.lastReceivedAt)
            activity.requests += group.requests
            activity.lastReceivedAt = max(activity.lastReceivedAt, group.lastReceivedAt)
            bySource[name] = activity
        }
        return bySource.values.sorted { $0.source < $1.source }
    }
}
