import ValueStreamModel

extension Percentile {
    /// The percentiles `fractions` (0...1) of every value of `runs` and of `extra` (sorted
    /// ascending too), exactly as `of(sorted:_:)` would give them for all the values merged and
    /// sorted. Values must not be NaN.
    public static func of(sortedRuns runs: SortedRuns, and extra: [Double] = [], _ fractions: [Double]) -> [Double?] {
        let count = runs.count + extra.count
        guard count > 0 else { return fractions.map { _ in nil } }
        return runs.values.withUnsafeBufferPointer { values in
            extra.withUnsafeBufferPointer { extra in
                let buffers = (0..<runs.runCount).map { UnsafeBufferPointer(rebasing: values[runs.run($0)]) } + (extra.isEmpty ? [] : [extra])
                var selection = SortedRunsSelection(buffers, count: count)
                return fractions.map { p in
                    let (lower, fraction) = rank(of: p, among: count)
                    let (low, high) = selection.values(atRank: lower)
                    return interpolated(low, high, fraction)
                }
            }
        }
    }
}

/// Finds the value of a rank, and the one after it, among sorted runs without merging them: it
/// halves the range of values that can hold the rank (halving the values' order-preserving bit
/// patterns, so a range spanning seconds to months is halved in a few dozen steps at most),
/// counting what each run holds below the middle by binary search, until few values remain,
/// which are then sorted. The runs are buffers valid while it is used.
struct SortedRunsSelection {
    private let runs: [UnsafeBufferPointer<Double>]
    private let count: Int
    /// Scratch positions in each run, kept from one step to the next.
    private var lower: [Int]
    private var upper: [Int]
    private var middles: [Int]
    private var candidates: [Double] = []

    init(_ runs: [UnsafeBufferPointer<Double>], count: Int) {
        self.runs = runs
        self.count = count
        lower = Array(repeating: 0, count: runs.count)
        upper = lower
        middles = lower
    }

    /// Few enough candidates to sort.
    private static let sortBelow = 48

    /// The value at `rank` (from 0) of all the values, and the value at `rank + 1` if any.
    mutating func values(atRank rank: Int) -> (Double, Double?) {
        // The candidates: in each run, the positions `lower..<upper`; together they hold the
        // ranks `before..<before + remaining` of all values, `rank` and `wanted` among them.
        let wanted = rank + 1 < count ? rank + 1 : rank
        for run in runs.indices {
            lower[run] = 0
            upper[run] = runs[run].count
        }
        var before = 0
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
                candidates.removeAll(keepingCapacity: true)
                for run in runs.indices where lower[run] < upper[run] {
                    candidates.append(contentsOf: runs[run][lower[run]..<upper[run]])
                }
                candidates.sort()
                return (candidates[rank - before], wanted > rank ? candidates[wanted - before] : nil)
            }
            let middle = Self.middle(smallest, largest)
            // Values at most `middle`: the ranks below `atMost`.
            var atMost = before
            for run in runs.indices {
                middles[run] = lower[run] < upper[run] ? Self.end(ofValuesAtMost: middle, in: runs[run], from: lower[run], to: upper[run]) : lower[run]
                atMost += middles[run] - lower[run]
            }
            if atMost > wanted {
                swap(&upper, &middles)
            } else if atMost <= rank {
                swap(&lower, &middles)
                before = atMost
            } else {
                // `rank` is the largest value at most `middle`, `rank + 1` the smallest above it.
                var low = -Double.infinity
                var high = Double.infinity
                for run in runs.indices {
                    if middles[run] > lower[run] { low = max(low, runs[run][middles[run] - 1]) }
                    if middles[run] < upper[run] { high = min(high, runs[run][middles[run]]) }
                }
                return (low, high)
            }
        }
    }

    /// A value from `smallest` (included) to `largest` (excluded): the middle of their
    /// order-preserving bit patterns.
    private static func middle(_ smallest: Double, _ largest: Double) -> Double {
        let low = orderedBits(smallest)
        let high = orderedBits(largest)
        let value = fromOrderedBits(low + (high - low) / 2)
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
    private static func end(ofValuesAtMost limit: Double, in run: UnsafeBufferPointer<Double>, from: Int, to: Int) -> Int {
        var low = from
        var high = to
        while low < high {
            let middle = low + (high - low) / 2
            if run[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
