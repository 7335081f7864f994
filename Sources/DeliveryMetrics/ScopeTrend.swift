import Foundation
import ValueStreamModel

/// A scope's report over the window, over the window before it (same length), and per period:
/// what every view of a scope draws.
public struct ScopeTrend: Sendable {
    public var report: DoraReport
    public var previous: DoraReport
    public var series: [DoraReport]

    public init(report: DoraReport, previous: DoraReport, series: [DoraReport]) {
        self.report = report
        self.previous = previous
        self.series = series
    }
}
