import Foundation

/// A rule that sends an outgoing webhook when a metric regresses or a source goes quiet.
public struct AlertRule: Sendable, Hashable, Codable {
    public enum Condition: String, Sendable, Hashable, Codable {
        /// The latest complete week is beyond the XmR limits, or ends a run on one side of the
        /// mean, in the worse direction.
        case limits
        /// The latest complete week's value crosses `threshold` (`above` or below).
        case threshold
        /// `source` (as the data quality page names it) sent nothing for `staleHours`.
        case stale
    }

    public enum Format: String, Sendable, Hashable, Codable {
        case json
        /// `{"text": ...}`, what Slack's incoming webhooks take.
        case slack
    }

    public var name: String
    public var condition: Condition
    /// `lead-time`, `recovery-time`, `change-failure-rate`, `rework-rate`, `deployment-frequency`.
    public var metric: String?
    public var scope: MetricScope?
    public var threshold: Double?
    public var above: Bool
    public var source: String?
    public var staleHours: Double?
    public var webhook: String
    public var format: Format

    public init(name: String, condition: Condition, metric: String? = nil, scope: MetricScope? = nil, threshold: Double? = nil, above: Bool = true,
                source: String? = nil, staleHours: Double? = nil, webhook: String, format: Format = .json) {
        self.name = name
        self.condition = condition
        self.metric = metric
        self.scope = scope
        self.threshold = threshold
        self.above = above
        self.source = source
        self.staleHours = staleHours
        self.webhook = webhook
        self.format = format
    }

    public static let metrics = ["lead-time", "recovery-time", "change-failure-rate", "rework-rate", "deployment-frequency"]

    /// Why the rule cannot be used, or `nil`.
    public var problem: String? {
        guard URL(string: webhook)?.scheme?.hasPrefix("http") == true else { return "alert `\(name)`: webhook must be an http(s) URL" }
        switch condition {
        case .limits, .threshold:
            guard let metric, Self.metrics.contains(metric) else { return "alert `\(name)`: metric must be one of \(Self.metrics.joined(separator: ", "))" }
            if condition == .threshold && threshold == nil { return "alert `\(name)`: a threshold rule needs `threshold`" }
        case .stale:
            if source == nil || staleHours == nil { return "alert `\(name)`: a stale rule needs `source` and `staleHours`" }
        }
        return nil
    }

    private enum Keys: String, CodingKey { case name, condition, metric, scope, threshold, above, source, staleHours, webhook, format }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), condition: try container.decode(Condition.self, forKey: .condition),
            metric: try container.decodeIfPresent(String.self, forKey: .metric), scope: try container.decodeIfPresent(MetricScope.self, forKey: .scope),
            threshold: try container.decodeIfPresent(Double.self, forKey: .threshold), above: try container.decodeIfPresent(Bool.self, forKey: .above) ?? true,
            source: try container.decodeIfPresent(String.self, forKey: .source), staleHours: try container.decodeIfPresent(Double.self, forKey: .staleHours),
            webhook: try container.decode(String.self, forKey: .webhook), format: try container.decodeIfPresent(Format.self, forKey: .format) ?? .json
        )
    }
}
