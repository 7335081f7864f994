import Connectors
import DeliveryMetrics
import Foundation
import ValueStreamModel

/// Reads an experiment from a request body (`POST /api/v1/experiments`) and writes experiments
/// and verdicts as JSON.
public enum ExperimentJSON {
    /// `{"name", "hypothesis", "scope": {"kind", "name"}, "metric", "expected", "start", "end"?, "stage"?}`.
    public static func experiment(from body: Data, id: String, now: Date) throws(EventDecodingError) -> Experiment {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw EventDecodingError("the body is not a JSON object", line: 1)
        }
        let fields = FieldReader(object, line: 1)
        let scopeFields = try fields.object("scope")
        let kind = try scopeFields.choice("kind", as: ScopeKind.self)
        let scope = kind == .organization ? MetricScope.organization : MetricScope(kind: kind, name: try scopeFields.string("name"))
        let start = try fields.date("start")
        let end = try fields.optionalDate("end")
        if let end, end <= start { throw fields.failure("end", "must be after start") }
        return Experiment(
            id: id, name: try fields.string("name"), hypothesis: try fields.string("hypothesis"), scope: scope,
            metric: try fields.choice("metric", as: ExperimentMetric.self), stage: try fields.optionalString("stage"),
            expected: try fields.choice("expected", as: ExpectedDirection.self), start: start, end: end, createdAt: now
        )
    }

    public static func json(_ experiment: Experiment, verdict: ExperimentVerdict?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(experiment.id)), ("name", .string(experiment.name)), ("hypothesis", .string(experiment.hypothesis)),
            ("scope", experiment.scope.json),
            ("metric", .string(experiment.metric.rawValue)), ("stage", .string(experiment.stage)), ("expected", .string(experiment.expected.rawValue)),
            ("start", .string(RFC3339.string(from: experiment.start))), ("end", .string(experiment.end.map(RFC3339.string(from:)))),
            ("closedAt", .string(experiment.closedAt.map(RFC3339.string(from:)))), ("conclusion", .string(experiment.conclusion)),
        ]
        if let verdict { fields.append(("verdict", json(verdict))) }
        return .object(fields)
    }

    public static func json(_ verdict: ExperimentVerdict) -> JSONValue {
        func window(_ value: DateWindow) -> JSONValue {
            .object([("from", .string(RFC3339.string(from: value.from))), ("to", .string(RFC3339.string(from: value.to)))])
        }
        return .object([
            ("outcome", .string(verdict.outcome.rawValue)), ("explanation", .string(verdict.explanation)), ("test", .string(verdict.test)),
            ("baseline", .object([("window", window(verdict.baseline)), ("size", .integer(verdict.baselineSize)), ("value", .number(verdict.baselineValue))])),
            ("experiment", .object([("window", window(verdict.window)), ("size", .integer(verdict.experimentSize)), ("value", .number(verdict.experimentValue))])),
            ("effect", .number(verdict.effect)),
            ("interval", verdict.interval.map { .array([.number($0.low), .number($0.high)]) } ?? .null),
            ("pValue", .number(verdict.pValue)),
        ])
    }
}
