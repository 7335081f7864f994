import Foundation

/// A series of one figure per period.
public struct ChartSeries: Sendable {
    public var name: String
    public var values: [Double?]
    /// The CSS class that colours it (`series-a`, `series-b`).
    public var style: String

    public init(name: String, values: [Double?], style: String) {
        self.name = name
        self.values = values
        self.style = style
    }
}

/// A shaded span of periods on a trend chart: an experiment's window.
public struct ChartAnnotation: Sendable {
    public var label: String
    /// The first and last period it covers (inclusive).
    public var periods: ClosedRange<Int>

    public init(label: String, periods: ClosedRange<Int>) {
        self.label = label
        self.periods = periods
    }
}

/// A trend chart over periods: lines with a marked point per period (gaps where a period has no
/// value), or bars for counts. Every point carries a `<title>` (its tooltip), and the chart comes
/// with a data table for readers who cannot see it.
public struct TrendChart: Sendable {
    public enum Style: Sendable { case lines, bars }

    public var title: String
    public var labels: [String]
    public var series: [ChartSeries]
    var unit: ValueUnit
    public var style: Style
    public var annotations: [ChartAnnotation]

    public init(title: String, labels: [String], series: [ChartSeries], unit: ValueUnit, style: Style, annotations: [ChartAnnotation] = []) {
        self.title = title
        self.labels = labels
        self.series = series
        self.unit = unit
        self.style = style
        self.annotations = annotations
    }

    public func svg(width: Double = 640, height: Double = 220) -> String {
        let frame = ChartFrame(width: width, height: height, values: series.flatMap { $0.values.compactMap { $0 } }, unit: unit)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title)): chart; the table below has its values\">"
        svg += frame.axes(unit: unit, labels: labels)
        let band = frame.plotWidth / Double(max(labels.count, 1))
        for annotation in annotations where annotation.periods.lowerBound < labels.count {
            let left = frame.x(slot: annotation.periods.lowerBound, of: labels.count) - band / 2
            let right = frame.x(slot: min(annotation.periods.upperBound, labels.count - 1), of: labels.count) + band / 2
            svg += "<rect class=\"annotation\" x=\"\(HTML.coordinate(left))\" y=\"\(HTML.coordinate(frame.top))\" width=\"\(HTML.coordinate(right - left))\" height=\"\(HTML.coordinate(frame.plotHeight))\"><title>\(HTML.escape(annotation.label))</title></rect>"
            svg += "<text class=\"annotation-label\" x=\"\(HTML.coordinate(left + 3))\" y=\"\(HTML.coordinate(frame.top + 11))\">\(HTML.escape(annotation.label))</text>"
        }
        for (seriesIndex, line) in series.enumerated() {
            switch style {
            case .bars:
                let band = frame.plotWidth / Double(max(labels.count, 1))
                let barWidth = max(2, band * 0.7 / Double(series.count))
                for (index, value) in line.values.enumerated() {
                    guard let value else { continue }
                    let x = frame.x(slot: index, of: labels.count) - band * 0.35 + Double(seriesIndex) * barWidth
                    let y = frame.y(value)
                    svg += "<rect class=\"bar point \(line.style)\" x=\"\(HTML.coordinate(x))\" y=\"\(HTML.coordinate(y))\" width=\"\(HTML.coordinate(barWidth))\" height=\"\(HTML.coordinate(frame.y(0) - y))\">"
                    svg += "<title>\(HTML.escape("\(labels[index]) · \(line.name): \(unit.format(value))"))</title></rect>"
                }
            case .lines:
                var path = ""
                var drawing = false
                for (index, value) in line.values.enumerated() {
                    guard let value else { drawing = false; continue }
                    path += "\(drawing ? "L" : "M")\(HTML.coordinate(frame.x(slot: index, of: labels.count))) \(HTML.coordinate(frame.y(value)))"
                    drawing = true
                }
                if !path.isEmpty { svg += "<path class=\"line \(line.style)\" d=\"\(path)\"/>" }
                for (index, value) in line.values.enumerated() {
                    guard let value else { continue }
                    svg += "<circle class=\"point \(line.style)\" cx=\"\(HTML.coordinate(frame.x(slot: index, of: labels.count)))\" cy=\"\(HTML.coordinate(frame.y(value)))\" r=\"3.5\" tabindex=\"0\">"
                    svg += "<title>\(HTML.escape("\(labels[index]) · \(line.name): \(unit.format(value))"))</title></circle>"
                }
            }
        }
        if series.allSatisfy({ $0.values.allSatisfy { $0 == nil } }) {
            svg += "<text class=\"empty\" x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\">no data in this window</text>"
        }
        return svg + "</svg>"
    }

    /// The chart's values as a table.
    public func table() -> String {
        var html = "<table class=\"data\"><caption>\(HTML.escape(title))</caption><thead><tr><th scope=\"col\">Period</th>"
        for line in series { html += "<th scope=\"col\">\(HTML.escape(line.name))</th>" }
        html += "</tr></thead><tbody>"
        for (index, label) in labels.enumerated() {
            html += "<tr><th scope=\"row\">\(HTML.escape(label))</th>"
            for line in series { html += "<td>\(HTML.escape(unit.format(line.values[index])))</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}

/// A word-sized trend line for tables; its label reads the values out.
enum Sparkline {
    static func svg(_ values: [Double?], unit: ValueUnit, label: String) -> String {
        let known = values.compactMap { $0 }
        let width = 90.0, height = 22.0
        let maximum = max(known.max() ?? 0, 1e-9)
        let description = HTML.escape("\(label) trend: " + values.map { unit.format($0) }.joined(separator: ", "))
        var svg = "<svg class=\"spark\" viewBox=\"0 0 90 22\" width=\"90\" height=\"22\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(description)\"><title>\(description)</title>"
        var path = ""
        var drawing = false
        var last: (Double, Double)?
        for (index, value) in values.enumerated() {
            guard let value else { drawing = false; continue }
            let x = values.count > 1 ? 2 + (width - 4) * Double(index) / Double(values.count - 1) : width / 2
            let y = height - 3 - (height - 6) * value / maximum
            path += "\(drawing ? "L" : "M")\(HTML.coordinate(x)) \(HTML.coordinate(y))"
            drawing = true
            last = (x, y)
        }
        if !path.isEmpty { svg += "<path d=\"\(path)\" vector-effect=\"non-scaling-stroke\"/>" }
        if let last { svg += "<circle class=\"point\" cx=\"\(HTML.coordinate(last.0))\" cy=\"\(HTML.coordinate(last.1))\" r=\"2\"/>" }
        return svg + "</svg>"
    }
}
