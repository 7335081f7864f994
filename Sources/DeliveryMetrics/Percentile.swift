/// Percentiles by linear interpolation between closest ranks (numpy's default).
public enum Percentile {
    /// The `p` percentile (0...1) of `values`; `nil` when there is none.
    public static func of(_ values: [Double], _ p: Double) -> Double? {
        of(sorted: values.sorted(), p)
    }

    /// As `of(_:_:)` for values already sorted ascending.
    public static func of(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let (lower, fraction) = rank(of: p, among: values.count)
        return interpolated(values[lower], lower + 1 < values.count ? values[lower + 1] : nil, fraction)
    }

    /// Where the `p` percentile of `count` values lies: the rank below it (from 0) and how far
    /// towards the next rank.
    static func rank(of p: Double, among count: Int) -> (lower: Int, fraction: Double) {
        let rank = Double(count - 1) * p
        let lower = Int(rank.rounded(.down))
        return (lower, rank - Double(lower))
    }

    /// The value `fraction` of the way from `low` to `high`; `low` when it is the last rank.
    static func interpolated(_ low: Double, _ high: Double?, _ fraction: Double) -> Double {
        guard let high else { return low }
        return low + fraction * (high - low)
    }

    /// The percentiles `fractions` (0...1) of `values`, each exactly as `of(sorted:_:)` would give
    /// it, found by selection (linear time on average) rather than by sorting everything: a
    /// report needs two order statistics of thousands of lead times. Reorders `values`. The
    /// ranks are found from the lowest up, each among the values the one before left above it.
    public static func of(selectingIn values: inout [Double], _ fractions: [Double]) -> [Double?] {
        guard !values.isEmpty else { return fractions.map { _ in nil } }
        var results = [Double?](repeating: nil, count: fractions.count)
        var settled = 0  // every value from here on is at least as large as any selected so far
        for index in fractions.indices.sorted(by: { fractions[$0] < fractions[$1] }) {
            let (lower, fraction) = rank(of: fractions[index], among: values.count)
            let low = select(&values, rank: lower, from: settled)
            settled = lower
            // Selection leaves every value after `lower` at least as large: the next order
            // statistic is their minimum.
            let high = lower + 1 < values.count ? values[(lower + 1)...].min()! : nil
            results[index] = interpolated(low, high, fraction)
        }
        return results
    }

    /// Reorders `values` so that `values[rank]` is the value a sort would put there, with no
    /// larger value before it and no smaller one after it (Hoare's selection, median-of-three
    /// pivots: equal values do not degrade it).
    /// Only positions from `start` on are reordered: none before it may hold a larger value
    /// than any after it.
    static func select(_ values: inout [Double], rank: Int, from start: Int = 0) -> Double {
        values.withUnsafeMutableBufferPointer { buffer in
            var low = start
            var high = buffer.count - 1
            while low < high {
                let middle = low + (high - low) / 2
                if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
                if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
                if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
                let pivot = buffer[middle]
                var left = low
                var right = high
                while left <= right {
                    while buffer[left] < pivot { left += 1 }
                    while pivot < buffer[right] { right -= 1 }
                    if left <= right {
                        buffer.swapAt(left, right)
                        left += 1
                        right -= 1
                    }
                }
                if rank <= right {
                    high = right
                } else if rank >= left {
                    low = left
                } else {
                    break // between the two parts every value equals the pivot
                }
            }
            return buffer[rank]
        }
    }
}
