import Foundation

/// An XmR (individuals and moving range) chart of a weekly series: natural process limits at
/// the mean ± 2.66 × the mean moving range, and the signals Wheeler's rules read from it.
public struct ControlChart: Sendable {
    public enum Signal: String, Sendable {
        /// The point lies beyond the upper or lower limit.
        case aboveLimit = "above-limit", belowLimit = "below-limit"
        /// It ends a run of `runLength` points on one side of the mean.
        case runAbove = "run-above", runBelow = "run-below"

        public var isHigh: Bool { self == .aboveLimit || self == .runAbove }
    }

    public static let runLength = 8

    public var values: [Double?]
    public var mean: Double
    public var movingRange: Double
    public var upperLimit: Double
    public var lowerLimit: Double

    /// `nil` with fewer than three values: limits need a few points.
    public init?(_ values: [Double?]) {
        let known = values.compactMap { $0 }
        guard known.count >= 3 else { return nil }
        self.values = values
        mean = known.reduce(0, +) / Double(known.count)
        let ranges = zip(known.dropFirst(), known).map { abs($0 - $1) }
        movingRange = ranges.reduce(0, +) / Double(ranges.count)
        upperLimit = mean + 2.66 * movingRange
        lowerLimit = mean - 2.66 * movingRange
    }

    /// The signals at point `index`.
    public func signals(at index: Int) -> [Signal] {
        guard let value = values[index] else { return [] }
        var result: [Signal] = []
        if value > upperLimit { result.append(.aboveLimit) }
        if value < lowerLimit { result.append(.belowLimit) }
        let run = values[...index].reversed().prefix { $0 != nil }.compactMap { $0 }.prefix(Self.runLength)
        if run.count == Self.runLength {
            if run.allSatisfy({ $0 > mean }) { result.append(.runAbove) }
            if run.allSatisfy({ $0 < mean }) { result.append(.runBelow) }
        }
        return result
    }
}
