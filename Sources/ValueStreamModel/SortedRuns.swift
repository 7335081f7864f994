import Foundation

/// Runs of values, each sorted ascending, kept one after the other in one array: a report over
/// 90 days holds 90 runs of lead times (`DeploymentDay`), which percentiles select among
/// without merging them.
public struct SortedRuns: Sendable, Hashable {
    public private(set) var values: [Double] = []
    /// Where each run begins in `values`, and, last, where the last one ends.
    private var bounds: [Int] = [0]

    public init() {}

    /// The runs given, each sorted ascending.
    public init(_ runs: [[Double]]) {
        for run in runs { append(sorted: run) }
    }

    /// Adds a run; `run` must be sorted ascending.
    public mutating func append(sorted run: some Collection<Double>) {
        appendRun { $0.append(contentsOf: run) }
    }

    /// Adds the run that `fill` appends to the values (sorted ascending), without a copy of
    /// its own: a store decodes each day's values straight into the runs.
    public mutating func appendRun(_ fill: (inout [Double]) throws -> Void) rethrows {
        try fill(&values)
        if values.count > bounds[bounds.count - 1] { bounds.append(values.count) }
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }
    public var runCount: Int { bounds.count - 1 }

    /// The positions in `values` of run `index`.
    public func run(_ index: Int) -> Range<Int> { bounds[index]..<bounds[index + 1] }
}
