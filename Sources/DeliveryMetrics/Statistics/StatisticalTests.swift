import Foundation
import ValueStreamModel

/// The result of a two-sided test: its statistic and p-value.
public struct TestResult: Sendable, Hashable {
    public var statistic: Double
    public var pValue: Double
}

/// The standard normal distribution's upper tail.
enum Normal {
    static func survival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}

/// Mann-Whitney U: do two samples of durations come from the same distribution? Two-sided,
/// normal approximation with the tie correction and the continuity correction (SciPy's
/// `mannwhitneyu(method="asymptotic", use_continuity=True)`). The statistic is U of the first
/// sample.
public enum MannWhitney {
    public static func test(_ first: [Double], _ second: [Double]) -> TestResult? {
        let n1 = Double(first.count), n2 = Double(second.count)
        guard n1 > 0, n2 > 0 else { return nil }
        // Ranks of the pooled sample, ties given their average rank.
        let pooled = (first.map { ($0, true) } + second.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSumFirst = 0.0, tieTerm = 0.0
        var index = 0
        while index < pooled.count {
            var end = index
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[index].0 { end += 1 }
            let rank = Double(index + end) / 2 + 1
            let ties = Double(end - index + 1)
            tieTerm += ties * ties * ties - ties
            for position in index...end where pooled[position].1 { rankSumFirst += rank }
            index = end + 1
        }
        let u1 = rankSumFirst - n1 * (n1 + 1) / 2
        let u2 = n1 * n2 - u1
        let n = n1 + n2
        let mean = n1 * n2 / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return TestResult(statistic: u1, pValue: 1) }
        let z = (max(u1, u2) - mean - 0.5) / variance.squareRoot()
        return TestResult(statistic: u1, pValue: min(1, max(0, 2 * Normal.survival(z))))
    }
}

/// Two proportions (change failure rates, rework rates): the pooled two-sided z-test; its
/// statistic is z², the chi-squared of the 2×2 table without correction.
public enum TwoProportions {
    public static func test(events first: Int, of firstTrials: Int, events second: Int, of secondTrials: Int) -> TestResult? {
        guard firstTrials > 0, secondTrials > 0 else { return nil }
        let n1 = Double(firstTrials), n2 = Double(secondTrials)
        let pooled = Double(first + second) / (n1 + n2)
        let standardError = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        guard standardError > 0 else { return TestResult(statistic: 0, pValue: 1) }
        let z = (Double(second) / n2 - Double(first) / n1) / standardError
        return TestResult(statistic: z * z, pValue: min(1, 2 * Normal.survival(abs(z))))
    }
}

/// Two Poisson rates (deployments per day): conditional on the total count, the second
/// window's count is binomial with its share of the exposure; the exact two-sided p-value sums
/// the outcomes no more likely than the observed one (SciPy's `binomtest`). The statistic is
/// the rate ratio, second over first.
public enum PoissonRates {
    public static func test(count first: Int, days firstDays: Double, count second: Int, days secondDays: Double) -> TestResult? {
        guard firstDays > 0, secondDays > 0 else { return nil }
        let total = first + second
        let ratio = first > 0 ? (Double(second) / secondDays) / (Double(first) / firstDays) : .infinity
        guard total > 0 else { return TestResult(statistic: 1, pValue: 1) }
        let share = secondDays / (firstDays + secondDays)
        func logProbability(_ k: Int) -> Double {
            lgamma(Double(total) + 1) - lgamma(Double(k) + 1) - lgamma(Double(total - k) + 1)
                + Double(k) * log(share) + Double(total - k) * log(1 - share)
        }
        let observed = logProbability(second)
        // SciPy's relative tolerance: outcomes within 1e-7 of the observed likelihood count as
        // equally likely.
        let threshold = observed + log(1 + 1e-7)
        var pValue = 0.0
        for k in 0...total where logProbability(k) <= threshold { pValue += exp(logProbability(k)) }
        return TestResult(statistic: ratio, pValue: min(1, pValue))
    }
}

/// A percentile bootstrap interval of the change in median (second minus first), with a seeded
/// generator so that the same data give the same interval.
public enum MedianBootstrap {
    public static func interval(_ first: [Double], _ second: [Double], resamples: Int = 2_000, confidence: Double = 0.95, seed: UInt64 = 1) -> (low: Double, high: Double)? {
        guard !first.isEmpty, !second.isEmpty else { return nil }
        var random = SeededRandom(seed: seed)
        var differences: [Double] = []
        differences.reserveCapacity(resamples)
        var a = first, b = second
        for _ in 0..<resamples {
            for index in a.indices { a[index] = first[Int(random.next() % UInt64(first.count))] }
            for index in b.indices { b[index] = second[Int(random.next() % UInt64(second.count))] }
            differences.append(Percentile.of(b, 0.5)! - Percentile.of(a, 0.5)!)
        }
        differences.sort()
        let tail = (1 - confidence) / 2
        return (Percentile.of(sorted: differences, tail)!, Percentile.of(sorted: differences, 1 - tail)!)
    }
}
