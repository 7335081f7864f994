import Foundation

/// The plotting area of a chart and its value axis: a zero-based linear scale with four round
/// steps in the chart's unit (minutes, hours, days; whole counts; percent).
struct ChartFrame {
    let width: Double
    let height: Double
    let left: Double = 64
    let right: Double = 12
    let top: Double = 12
    let bottom: Double = 30
    let maximum: Double

    init(width: Double, height: Double, values: [Double], unit: ValueUnit) {
        self.width = width
        self.height = height
        maximum = 4 * Self.step(above: (values.max() ?? 0) / 4, unit: unit)
    }

    /// The smallest round step at or above `value`.
    static func step(above value: Double, unit: ValueUnit) -> Double {
        switch unit {
        case .duration:
            let steps: [Double] = [60, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 345_600, 604_800, 1_209_600, 2_419_200]
            return steps.first { $0 >= value } ?? roundedUp(value / 604_800) * 604_800
        case .rate:
            return [0.01, 0.02, 0.05, 0.1, 0.2, 0.25].first { $0 >= value } ?? roundedUp(value)
        case .count:
            return max(1, roundedUp(value))
        case .perDay:
            return roundedUp(value)
        }
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func y(_ value: Double) -> Double { top + plotHeight * (1 - (maximum > 0 ? value / maximum : 0)) }

    /// The x of slot `index` of `count` (the middle of its band).
    func x(slot index: Int, of count: Int) -> Double { left + plotWidth * (Double(index) + 0.5) / Double(max(count, 1)) }

    /// Gridlines with their value labels, and the x labels (thinned to fit).
    func axes(unit: ValueUnit, labels: [String]) -> String {
        var svg = ""
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = HTML.coordinate(self.y(value))
            svg += "<line class=\"grid\" x1=\"\(HTML.coordinate(left))\" x2=\"\(HTML.coordinate(width - right))\" y1=\"\(y)\" y2=\"\(y)\"/>"
            svg += "<text class=\"axis\" x=\"\(HTML.coordinate(left - 6))\" y=\"\(y)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(HTML.escape(unit.format(value)))</text>"
        }
        let every = max(1, Int((Double(labels.count) * 70 / plotWidth).rounded(.up)))
        for (index, label) in labels.enumerated() where index % every == 0 {
            svg += "<text class=\"axis\" x=\"\(HTML.coordinate(x(slot: index, of: labels.count)))\" y=\"\(HTML.coordinate(height - 8))\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
        }
        return svg
    }

    /// 1, 2 or 5 times a power of ten, at or above `value`.
    static func roundedUp(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }
}
