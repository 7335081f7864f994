import Foundation
import ValueStreamModel

extension FlowReport {
    /// The flow report as JSON (`GET /api/v1/flow`, `streamgauge flow --format json`): durations
    /// in seconds, shares as fractions, `null` where a figure has no value.
    public var json: JSONValue {
        func percentiles(_ value: Percentiles) -> JSONValue {
            .object([("count", .integer(value.count)), ("p50Seconds", .number(value.p50Seconds)), ("p85Seconds", .number(value.p85Seconds))])
        }
        return .object([
            ("scope", scope.json),
            ("window", .object([("from", .string(RFC3339.string(from: window.from))), ("to", .string(RFC3339.string(from: window.to)))])),
            ("flowVelocity", .object([("completed", .integer(completed)), ("perDay", .number(throughputPerDay))])),
            ("flowTime", .object([
                ("count", .integer(flowTime.count)), ("p50Seconds", .number(flowTime.p50Seconds)),
                ("p85Seconds", .number(flowTime.p85Seconds)), ("meanSeconds", .number(meanFlowTimeSeconds)),
            ])),
            ("flowEfficiency", .number(flowEfficiency)),
            ("flowLoad", .object([("average", .number(averageLoad)), ("impliedByLittlesLaw", .number(impliedLoad)), ("inProgressAtEnd", .integer(inProgress))])),
            ("flowDistribution", .object(WorkItemType.allCases.map { ($0.rawValue, .integer(distribution[$0] ?? 0)) })),
            ("constraint", constraint.map { .object([("stage", .string($0.name)), ("waitingShare", .number($0.waitingShare))]) } ?? .null),
            ("stages", .array(stages.map { stage in
                .object([
                    ("name", .string(stage.definition.name)), ("kind", .string(stage.definition.kind.rawValue)),
                    ("backlog", .bool(stage.definition.isBacklog)), ("done", .bool(stage.definition.isDone)),
                    ("time", percentiles(stage.time)), ("totalSeconds", .number(stage.totalSeconds)),
                    ("waitingShare", .number(stage.waitingShare)), ("completeAndAccurate", .number(stage.completeAndAccurate)),
                    ("inProgress", .integer(stage.inProgress)), ("currentAgeP50Seconds", .number(stage.currentAgeP50Seconds)),
                ])
            })),
            ("pullRequests", .object([
                ("coding", percentiles(pullRequests.coding)), ("pickup", percentiles(pullRequests.pickup)),
                ("review", percentiles(pullRequests.review)), ("mergeToDeploy", percentiles(pullRequests.mergeToDeploy)),
            ])),
        ])
    }
}
