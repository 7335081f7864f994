import Connectors
import DeliveryMetrics
import EventStore
import Foundation
import Hummingbird
import ValueStreamModel

/// `/api/v1/experiments`: create (ingest scope), list and show with their verdicts (read),
/// close (ingest).
struct ExperimentsController<Context: RequestContext>: Sendable {
    let engine: MetricsEngine

    func addReadRoutes(to group: RouterGroup<Context>) {
        group.get("experiments") { _, _ in
            var items: [JSONValue] = []
            for experiment in try await engine.store.experiments() {
                items.append(ExperimentJSON.json(experiment, verdict: try? await engine.verdict(of: experiment)))
            }
            return JSONResponse.make(data: JSONValue.object([("experiments", .array(items))]).data())
        }
        group.get("experiments/:id") { _, context in
            let experiment = try await find(try context.parameters.require("id"))
            return JSONResponse.make(data: ExperimentJSON.json(experiment, verdict: try await engine.verdict(of: experiment)).data())
        }
    }

    func addWriteRoutes(to group: RouterGroup<Context>) {
        group.post("experiments") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let experiment = try ExperimentJSON.experiment(from: Data(body.readableBytesView), id: Experiment.newId(), now: Date())
            try await validate(experiment)
            try await engine.store.saveExperiment(experiment)
            return JSONResponse.make(data: ExperimentJSON.json(experiment, verdict: nil).data(), status: .created)
        }
        group.post("experiments/:id/close") { request, context in
            var experiment = try await find(try context.parameters.require("id"))
            let body = try await request.body.collect(upTo: 1 << 16)
            let object = body.readableBytes == 0 ? [:] : ((try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:])
            let fields = FieldReader(object, line: 1)
            let now = Date()
            experiment.end = try fields.optionalDate("end") ?? experiment.end ?? now
            if experiment.end! <= experiment.start { throw EventDecodingError("must be after the experiment's start", line: 1, field: "end") }
            experiment.closedAt = now
            experiment.conclusion = try fields.optionalString("conclusion")
            try await engine.store.saveExperiment(experiment)
            return JSONResponse.make(data: ExperimentJSON.json(experiment, verdict: try await engine.verdict(of: experiment)).data())
        }
    }

    private func find(_ id: String) async throws -> Experiment {
        guard let experiment = try await engine.store.experiments().first(where: { $0.id == id }) else {
            throw APIError(.notFound, "no experiment with id \(id)")
        }
        return experiment
    }

    /// The scope must be known and a named stage must be on its map.
    private func validate(_ experiment: Experiment) async throws {
        do {
            _ = try await engine.services(in: experiment.scope)
        } catch let error as UnknownScopeError {
            throw APIError(.badRequest, error.description, field: "scope")
        }
        if let stage = experiment.stage, !engine.flowMap(of: experiment.scope).stages.contains(where: { $0.name.caseInsensitiveCompare(stage) == .orderedSame }) {
            throw APIError(.badRequest, "stage \"\(stage)\" is not on the value stream map of \(experiment.scope.name)", field: "stage")
        }
    }
}
