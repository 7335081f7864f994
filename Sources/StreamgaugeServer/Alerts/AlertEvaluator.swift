import Dashboard
import DeliveryMetrics
import EventStore
import Foundation
import ValueStreamModel

/// Checks the alert rules and delivers what they raise. A signal becomes a notification with a
/// key of its own (rule, week, signal), stored once; a notification is sent until a delivery
/// succeeds, and never again after: a rerun, a restart or a second instance sends nothing twice.
public struct AlertEvaluator: Sendable {
    public let engine: MetricsEngine
    public let rules: [AlertRule]
    public let sender: AlertSender

    public init(engine: MetricsEngine, rules: [AlertRule], sender: AlertSender = AlertSender()) {
        self.engine = engine
        self.rules = rules
        self.sender = sender
    }

    /// What a run did.
    public struct Outcome: Sendable, Hashable {
        public var raised = 0
        public var delivered = 0
        public var pending = 0

        public init(raised: Int = 0, delivered: Int = 0, pending: Int = 0) {
            self.raised = raised
            self.delivered = delivered
            self.pending = pending
        }
    }

    public func run(now: Date = Date()) async throws -> Outcome {
        var outcome = Outcome()
        for rule in rules {
            for notification in try await notifications(for: rule, now: now) where try await engine.store.addNotification(notification) {
                outcome.raised += 1
            }
        }
        for var notification in try await engine.store.notifications() where notification.sentAt == nil {
            guard let rule = rules.first(where: { $0.name == notification.rule }) else { continue }
            let result = await sender.deliver(notification, to: rule)
            notification.attempts += result.attempts
            notification.lastAttemptAt = Date()
            if result.delivered {
                notification.sentAt = Date()
                outcome.delivered += 1
            } else {
                outcome.pending += 1
            }
            try await engine.store.updateNotification(notification)
        }
        return outcome
    }

    /// The notifications a rule raises now (already raised ones come back with the same key).
    func notifications(for rule: AlertRule, now: Date) async throws -> [AlertNotification] {
        switch rule.condition {
        case .stale:
            let activity = try await engine.store.sourceActivity().first { $0.source == rule.source }
            let limit = (rule.staleHours ?? 24) * 3_600
            if let last = activity?.lastReceivedAt, now.timeIntervalSince(last) <= limit { return [] }
            let since = activity.map { RFC3339.string(from: $0.lastReceivedAt) } ?? "never"
            let message = "source \(rule.source ?? "?") has sent nothing since \(since) (more than \(MetricFormatting.duration(limit)))"
            return [notification(rule, key: "\(rule.name):stale:\(since)", now: now, message: message, fields: [("source", .string(rule.source)), ("lastReceivedAt", .string(activity.map { RFC3339.string(from: $0.lastReceivedAt) }))])]
        case .limits, .threshold:
            let scope = rule.scope ?? .organization
            let weeks = SeriesPeriod.week.periods(covering: DateWindow(from: now.addingTimeInterval(-13 * 7 * 86_400), to: now)).filter { $0.to <= now }.suffix(12)
            guard let first = weeks.first, let last = weeks.last, let metric = rule.metric else { return [] }
            let reports = try await engine.series(scope: scope, window: DateWindow(from: first.from, to: last.to), period: .week)
            let values = reports.map { Self.value(metric, of: $0) }
            guard let index = values.indices.last, let value = values[index] else { return [] }
            let week = String(RFC3339.string(from: reports[index].window.from).prefix(10))
            let scopeName = scope.kind == .organization ? "the organisation" : "\(scope.kind.rawValue) \(scope.name)"
            let higherIsWorse = metric != "deployment-frequency"
            var fields: [(String, JSONValue)] = [
                ("scope", scope.json), ("metric", .string(metric)),
                ("week", .string(week)), ("value", .number(value)),
            ]
            if rule.condition == .threshold, let threshold = rule.threshold {
                guard rule.above ? value > threshold : value < threshold else { return [] }
                fields.append(("threshold", .number(threshold)))
                let message = "\(metric) of \(scopeName) was \(Self.format(metric, value)) in the week of \(week), \(rule.above ? "above" : "below") the threshold \(Self.format(metric, threshold))"
                return [notification(rule, key: "\(rule.name):\(week):threshold", now: now, message: message, fields: fields)]
            }
            guard let chart = ControlChart(values) else { return [] }
            fields += [("mean", .number(chart.mean)), ("upperLimit", .number(chart.upperLimit)), ("lowerLimit", .number(chart.lowerLimit))]
            return chart.signals(at: index).filter { $0.isHigh == higherIsWorse }.map { signal in
                let what = switch signal {
                case .aboveLimit: "above its upper limit \(Self.format(metric, chart.upperLimit))"
                case .belowLimit: "below its lower limit \(Self.format(metric, chart.lowerLimit))"
                case .runAbove, .runBelow: "the \(ControlChart.runLength)th week in a row on the worse side of its mean \(Self.format(metric, chart.mean))"
                }
                let message = "\(metric) of \(scopeName) was \(Self.format(metric, value)) in the week of \(week), \(what)"
                return notification(rule, key: "\(rule.name):\(week):\(signal.rawValue)", now: now, message: message, fields: fields + [("signal", .string(signal.rawValue))])
            }
        }
    }

    private func notification(_ rule: AlertRule, key: String, now: Date, message: String, fields: [(String, JSONValue)]) -> AlertNotification {
        let body: JSONValue = switch rule.format {
        case .slack: .object([("text", .string("Streamgauge alert \(rule.name): \(message)"))])
        case .json: .object([("id", .string(key)), ("rule", .string(rule.name)), ("condition", .string(rule.condition.rawValue)), ("message", .string(message))] + fields)
        }
        return AlertNotification(key: key, rule: rule.name, payload: body.serialized(pretty: false), createdAt: now)
    }

    /// A week's figure of a report, in the units a threshold is written in (seconds, fractions,
    /// deployments a day).
    static func value(_ metric: String, of report: DoraReport) -> Double? {
        switch metric {
        case "lead-time": report.leadTimeForChanges.p50Seconds
        case "recovery-time": report.failedDeploymentRecoveryTime.p50Seconds
        case "change-failure-rate": report.changeFailureRate.rate
        case "rework-rate": report.deploymentReworkRate.rate
        case "deployment-frequency": report.deploymentFrequency.perDay
        default: nil
        }
    }

    static func format(_ metric: String, _ value: Double) -> String {
        switch metric {
        case "lead-time", "recovery-time": MetricFormatting.duration(value)
        case "change-failure-rate", "rework-rate": String(format: "%.1f%%", value * 100)
        default: String(format: "%.2f a day", value)
        }
    }
}
