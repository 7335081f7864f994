import Foundation

extension Percentile {
    /// The percentiles `fractions` (0...1) of every value in `runs`, each run sorted ascending,
    /// exactly as `of(sorted:_:)` would give them for all the values merged and sorted. A report
    /// over 90 days has 90 sorted runs of lead times (`DeploymentDay`); nothing is merged.
    /// Values must not be NaN.
    public static func of(sortedRuns runs: [ArraySlice<Double>], _ fractions: [Double]) -> [Double?] {
        let count = runs.reduce(0) { $0 + $1.count }
        guard count > 0 else { return fractions.map { _ in nil } }
        return fractions.map { p in
            let rank = Double(count - 1) * p
            let lower = Int(rank.rounded(.down))
            let fraction = rank - Double(lower)
            var selection = SortedRunsSelection(runs)
            let (low, high) = selection.values(atRank: lower, count: count)
            guard let high else { return low }
            return low + fraction * (high - low)
        }
    }
}

/// Finds the value of a rank, and the one after it, among sorted runs without merging them: it
/// halves the range of values that can hold the rank (halving the values' order-preserving bit
/// patterns, so a range spanning seconds to months is halved in a few dozen steps at most),
/// counting what each run holds below the middle by binary search, until few values remain,
/// which are then sorted.
struct SortedRunsSelection {
    private let runs: [ArraySlice<Double>]
    /// The positions in each run of the values that can still hold the rank.
    private var lower: [Int]
    private var upper: [Int]
    /// How many values lie before the candidates, all runs together.
    private var before = 0

    init(_ runs: [ArraySlice<Double>]) {
        self.runs = runs
        lower = runs.map(\.startIndex)
        upper = runs.map(\.endIndex)
    }

    /// Few enough candidates to sort.
    private static let sortBelow = 48

    /// The value at `rank` (from 0) of all `count` values, and the value at `rank + 1` if any.
    mutating func values(atRank rank: Int, count: Int) -> (Double, Double?) {
        let wanted = rank + 1 < count ? rank + 1 : rank  // the highest rank to keep among the candidates
        while true {
            var remaining = 0
            var smallest = Double.infinity
            var largest = -Double.infinity
            for run in runs.indices where lower[run] < upper[run] {
                remaining += upper[run] - lower[run]
                smallest = min(smallest, runs[run][lower[run]])
                largest = max(largest, runs[run][upper[run] - 1])
            }
            if smallest == largest {
                return (smallest, wanted > rank ? smallest : nil)
            }
            if remaining <= Self.sortBelow {
                var candidates: [Double] = []
                candidates.reserveCapacity(remaining)
                for run in runs.indices { candidates.append(contentsOf: runs[run][lower[run]..<upper[run]]) }
                candidates.sort()
                return (candidates[rank - before], wanted > rank ? candidates[wanted - before] : nil)
            }
            let middle = Self.middle(smallest, largest)
            // Values at most `middle`: ranks below `atMost`.
            var ends = lower
            var atMost = before
            for run in runs.indices where lower[run] < upper[run] {
                ends[run] = Self.end(ofValuesAtMost: middle, in: runs[run], from: lower[run], to: upper[run])
                atMost += ends[run] - lower[run]
            }
            if atMost > wanted {
                upper = ends
            } else if atMost <= rank {
                lower = ends
                before = atMost
            } else {
                // `rank` is the largest value at most `middle`, `rank + 1` the smallest above it.
                var low = -Double.infinity
                var high = Double.infinity
                for run in runs.indices {
                    if ends[run] > lower[run] { low = max(low, runs[run][ends[run] - 1]) }
                    if ends[run] < upper[run] { high = min(high, runs[run][ends[run]]) }
                }
                return (low, high)
            }
        }
    }

    /// A value between `smallest` (included) and `largest` (excluded): the middle of their
    /// order-preserving bit patterns.
    private static func middle(_ smallest: Double, _ largest: Double) -> Double {
        let low = orderedBits(smallest)
        let high = orderedBits(largest)
        let middle = low + (high - low) / 2
        let value = fromOrderedBits(middle)
        // -0.0 and 0.0 are equal but not the same bits: never return a value equal to `largest`.
        return value < largest ? value : smallest
    }

    /// A double's bits as an unsigned integer that orders as the doubles do.
    private static func orderedBits(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    private static func fromOrderedBits(_ bits: UInt64) -> Double {
        Double(bitPattern: bits & (1 << 63) != 0 ? bits & ~(1 << 63) : ~bits)
    }

    /// The position after the last value at most `limit` in `run[from..<to]`.
    private static func end(ofValuesAtMost limit: Double, in run: ArraySlice<Double>, from: Int, to: Int) -> Int {
        var low = from
        var high = to
        while low < high {
            let middle = low + (high - low) / 2
            if run[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
