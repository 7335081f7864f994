import Foundation
import ValueStreamModel

/// The values an experiment compares in one window, taken from the same facts and rules as the
/// reports and flow figures.
public enum ExperimentSampler {
    /// `journeys` and `flow` are needed for flow-time and stage metrics only.
    public static func sample(
        _ experiment: Experiment, window: DateWindow, input: PreparedReportInput, flow: FlowReportBuilder? = nil, journeys: [WorkItemJourney] = []
    ) -> ExperimentSample {
        let successes = input.deployments(in: window).filter(\.succeeded)
        switch experiment.metric {
        case .leadTime:
            return ExperimentSample(durations: successes.flatMap(\.leadTimes))
        case .recoveryTime:
            var durations: [Double] = []
            for deployment in successes {
                let incidents = input.blame.incidents(blamedOn: deployment.key)
                guard DoraReportBuilder.isFailed(deployment, blamed: incidents),
                      case .recovered(let seconds) = DoraReportBuilder.recovery(of: deployment, blamed: incidents) else { continue }
                durations.append(seconds)
            }
            return ExperimentSample(durations: durations)
        case .changeFailureRate:
            let failed = successes.filter { DoraReportBuilder.isFailed($0, blamed: input.blame.incidents(blamedOn: $0.key)) }.count
            return ExperimentSample(events: failed, trials: successes.count)
        case .reworkRate:
            return ExperimentSample(events: successes.filter(\.isRework).count, trials: successes.count)
        case .deploymentFrequency:
            return ExperimentSample(events: successes.count, days: window.lengthInDays)
        case .flowTime:
            guard let flow else { return ExperimentSample() }
            let finished = flow.finishedItems(journeys.filter { $0.doneAt.map(window.contains) ?? false })
            if let stageName = experiment.stage, let stage = flow.map.stages.firstIndex(where: { $0.name.caseInsensitiveCompare(stageName) == .orderedSame }) {
                return ExperimentSample(durations: finished.filter { $0.visited[stage] }.map { $0.perStage[stage] })
            }
            return ExperimentSample(durations: finished.map(\.flowTime))
        }
    }
}
