import DeliveryMetrics
import Foundation
import Testing
import ValueStreamModel

/// Expected statistics computed independently with SciPy (Tests/Fixtures/statistics-known-answers.py
/// wrote the JSON; the command is in it).
struct KnownAnswers: Decodable {
    struct MannWhitneyCase: Decodable { var baseline: [Double]; var experiment: [Double]; var u: Double; var p: Double }
    struct ProportionsCase: Decodable { var baselineEvents: Int; var baselineTrials: Int; var experimentEvents: Int; var experimentTrials: Int; var chi2: Double; var p: Double }
    struct PoissonCase: Decodable { var baselineCount: Int; var baselineDays: Double; var experimentCount: Int; var experimentDays: Double; var p: Double }
    var generatedBy: String
    var mannWhitney: [MannWhitneyCase]
    var twoProportions: [ProportionsCase]
    var poissonRates: [PoissonCase]

    static let loaded: KnownAnswers = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/statistics-known-answers.json")
        return try! JSONDecoder().decode(KnownAnswers.self, from: Data(contentsOf: url))
    }()
}

func close(_ a: Double?, _ b: Double, relative: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= relative * max(abs(b), 1e-300) || abs(a - b) < 1e-15
}

@Suite("Statistics: known answers from SciPy, the bootstrap, XmR")
struct StatisticsTests {
    let answers = KnownAnswers.loaded

    @Test func mannWhitneyMatchesSciPy() {
        #expect(answers.generatedBy.contains("SciPy"))
        #expect(answers.mannWhitney.count == 5)
        for known in answers.mannWhitney {
            let result = MannWhitney.test(known.baseline, known.experiment)
            #expect(result?.statistic == known.u, "U of \(known.baseline)")
            #expect(close(result?.pValue, known.p), "p \(String(describing: result?.pValue)) against \(known.p)")
        }
    }

    @Test func twoProportionsMatchSciPy() {
        for known in answers.twoProportions {
            let result = TwoProportions.test(events: known.baselineEvents, of: known.baselineTrials, events: known.experimentEvents, of: known.experimentTrials)
            #expect(close(result?.statistic, known.chi2), "chi2 \(String(describing: result?.statistic)) against \(known.chi2)")
            #expect(close(result?.pValue, known.p), "p \(String(describing: result?.pValue)) against \(known.p)")
        }
    }

    @Test func poissonRatesMatchSciPy() {
        for known in answers.poissonRates {
            let result = PoissonRates.test(count: known.baselineCount, days: known.baselineDays, count: known.experimentCount, days: known.experimentDays)
            #expect(close(result?.pValue, known.p, relative: 1e-7), "p \(String(describing: result?.pValue)) against \(known.p)")
        }
    }

    @Test func theBootstrapIsRepeatableAndBracketsTheChange() {
        let before = [36_000.0, 37_200, 34_800, 36_600, 35_400, 38_000, 36_000]
        let after = [18_000.0, 19_200, 17_400, 18_600, 18_000, 20_000]
        let first = MedianBootstrap.interval(before, after)!
        #expect(MedianBootstrap.interval(before, after)! == first, "seeded: the same data give the same interval")
        let change = Percentile.of(after, 0.5)! - Percentile.of(before, 0.5)!
        #expect(first.low <= change && change <= first.high)
        #expect(first.high < 0, "every resample shows a drop")
    }

    @Test func verdictsNeedDataAndReadTheDirection() {
        let window = DateWindow(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 86_400))
        let few = ExperimentVerdict.judge(.leadTime, expected: .decrease, baseline: ExperimentSample(durations: [1, 2, 3]), experiment: ExperimentSample(durations: [1, 2, 3, 4, 5]), baselineWindow: window, window: window)
        #expect(few.outcome == .notEnoughData)
        #expect(few.explanation.contains("baseline 3"))
        let slower = ExperimentSample(durations: [10, 11, 12, 13, 14, 15, 16, 17])
        let faster = ExperimentSample(durations: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(ExperimentVerdict.judge(.leadTime, expected: .decrease, baseline: slower, experiment: faster, baselineWindow: window, window: window).outcome == .improved)
        #expect(ExperimentVerdict.judge(.leadTime, expected: .increase, baseline: slower, experiment: faster, baselineWindow: window, window: window).outcome == .worsened)
        #expect(ExperimentVerdict.judge(.leadTime, expected: .decrease, baseline: slower, experiment: slower, baselineWindow: window, window: window).outcome == .noSignificantChange)
        let rates = ExperimentVerdict.judge(.changeFailureRate, expected: .decrease, baseline: ExperimentSample(events: 12, trials: 40), experiment: ExperimentSample(events: 4, trials: 38), baselineWindow: window, window: window)
        #expect(rates.outcome == .improved)
        #expect(close(rates.pValue, answers.twoProportions[0].p))
        let counts = ExperimentVerdict.judge(.deploymentFrequency, expected: .increase, baseline: ExperimentSample(events: 10, days: 14), experiment: ExperimentSample(events: 22, days: 14), baselineWindow: window, window: window)
        #expect(close(counts.pValue, answers.poissonRates[0].p, relative: 1e-7))
        #expect(close(counts.effect, 2.2, relative: 1e-12))
        #expect(ExperimentVerdict.judge(.changeFailureRate, expected: .decrease, baseline: ExperimentSample(events: 1, trials: 5), experiment: ExperimentSample(events: 0, trials: 20), baselineWindow: window, window: window).outcome == .notEnoughData)
    }

    @Test func controlLimitsAndSignals() {
        // Mean 4.0, moving ranges 0.1 × 7 and 16.6 (3.4 → 20): mean range 2.1625.
        let values: [Double?] = [2, 2.1, 2, 2.1, 2, 2.1, 2, 2.1, 20].map { $0 }
        let chart = ControlChart(values)!
        #expect(close(chart.mean, 36.4 / 9))
        #expect(close(chart.movingRange, (0.1 * 7 + 17.9) / 8))
        #expect(close(chart.upperLimit, 36.4 / 9 + 2.66 * (0.1 * 7 + 17.9) / 8))
        #expect(chart.signals(at: 8) == [.aboveLimit])
        #expect(chart.signals(at: 3).isEmpty)
        let run = ControlChart([5, 1, 9, 1, 9, 6, 6, 6, 6, 6, 6, 6, 6].map { $0 })!
        #expect(run.signals(at: 12).contains(.runAbove), "eight weeks in a row above the mean of \(run.mean)")
        #expect(ControlChart([1, nil, 2].map { $0 }) == nil, "limits need three values")
    }
}
