/// Percentiles by linear interpolation between closest ranks (numpy's default).
public enum Percentile {
    /// The `p` percentile (0...1) of `values`; `nil` when there is none.
    public static func of(_ values: [Double], _ p: Double) -> Double? {
        of(sorted: values.sorted(), p)
    }

    /// As `of(_:_:)` for values already sorted ascending.
    public static func of(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = Double(values.count - 1) * p
        let lower = Int(rank.rounded(.down))
        let fraction = rank - Double(lower)
        guard lower + 1 < values.count else { return values[lower] }
        return values[lower] + fraction * (values[lower + 1] - values[lower])
    }
}
