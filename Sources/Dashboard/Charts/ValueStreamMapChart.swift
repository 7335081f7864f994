import DeliveryMetrics
import Foundation

/// The classic value stream map: a box per stage in order (waiting stages dashed, the
/// constraint in red), and below it the timeline ladder: waiting time on the upper rung, active
/// time on the lower, each the stage's median; at the end total lead time against value-added
/// time.
struct ValueStreamMapChart {
    let report: FlowReport

    func svg() -> String {
        let stages = report.stages.filter { !$0.definition.isDone }
        let boxWidth = 150.0, gap = 18.0, left = 10.0
        let width = left * 2 + Double(stages.count) * (boxWidth + gap) + 170
        let height = 250.0
        var svg = "<svg class=\"chart vsm\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Value stream map of \(stages.count) stages; the stage table below has its figures\">"
        var waitingTotal = 0.0, activeTotal = 0.0
        for (index, stage) in stages.enumerated() {
            let x = left + Double(index) * (boxWidth + gap)
            let isConstraint = report.constraint?.name == stage.definition.name
            let style = [stage.definition.kind == .waiting ? "waiting" : "active", isConstraint ? "constraint" : nil, stage.definition.isBacklog ? "backlog" : nil].compactMap { $0 }.joined(separator: " ")
            let median = stage.time.p50Seconds ?? 0
            let title = "\(stage.definition.name) (\(stage.definition.kind.rawValue)): p50 \(MetricFormatting.duration(stage.time.p50Seconds)), p85 \(MetricFormatting.duration(stage.time.p85Seconds)), %C&A \(MetricFormatting.percent(stage.completeAndAccurate)), \(stage.inProgress) in progress"
            svg += "<g class=\"stage point \(style)\" tabindex=\"0\"><title>\(HTML.escape(title))</title>"
            svg += "<rect x=\"\(HTML.coordinate(x))\" y=\"10\" width=\"\(Int(boxWidth))\" height=\"92\" rx=\"4\"/>"
            svg += "<text class=\"name\" x=\"\(HTML.coordinate(x + 8))\" y=\"30\">\(HTML.escape(stage.definition.name))</text>"
            svg += "<text x=\"\(HTML.coordinate(x + 8))\" y=\"50\">p50 \(HTML.escape(MetricFormatting.duration(stage.time.p50Seconds)))</text>"
            svg += "<text x=\"\(HTML.coordinate(x + 8))\" y=\"68\">%C&amp;A \(HTML.escape(MetricFormatting.percent(stage.completeAndAccurate)))</text>"
            svg += "<text x=\"\(HTML.coordinate(x + 8))\" y=\"86\">\(stage.inProgress) in progress\(isConstraint ? " · constraint" : "")</text></g>"
            // The ladder: waiting up, active down.
            let rung = stage.definition.kind == .waiting ? 150.0 : 190.0
            svg += "<line class=\"ladder \(style)\" x1=\"\(HTML.coordinate(x))\" x2=\"\(HTML.coordinate(x + boxWidth + gap))\" y1=\"\(Int(rung))\" y2=\"\(Int(rung))\"/>"
            svg += "<text class=\"ladder-label\" x=\"\(HTML.coordinate(x + boxWidth / 2))\" y=\"\(Int(rung - 6))\" text-anchor=\"middle\">\(HTML.escape(MetricFormatting.duration(median)))</text>"
            if index > 0 { svg += "<line class=\"ladder\" x1=\"\(HTML.coordinate(x))\" x2=\"\(HTML.coordinate(x))\" y1=\"150\" y2=\"190\"/>" }
            if stage.definition.isBacklog { continue }
            if stage.definition.kind == .waiting { waitingTotal += median } else { activeTotal += median }
        }
        let summaryX = left + Double(stages.count) * (boxWidth + gap) + 6
        svg += "<text class=\"total\" x=\"\(HTML.coordinate(summaryX))\" y=\"150\">Lead time \(HTML.escape(MetricFormatting.duration(waitingTotal + activeTotal)))</text>"
        svg += "<text class=\"total\" x=\"\(HTML.coordinate(summaryX))\" y=\"190\">Value added \(HTML.escape(MetricFormatting.duration(activeTotal)))</text>"
        svg += "<text class=\"axis\" x=\"\(Int(left))\" y=\"235\">medians of the items finished in the window; the backlog is left out of the totals</text>"
        return svg + "</svg>"
    }
}

/// The cumulative flow diagram: items in each stage day by day, stacked, the first stage on top.
struct CumulativeFlowChart {
    let report: FlowReport
    static let palette = ["#9ca3af", "#1d4ed8", "#f59e0b", "#7c3aed", "#b45309", "#0b6e4f", "#db2777", "#0891b2"]

    func svg(width: Double = 960, height: Double = 260) -> String {
        let days = report.days
        let totals = days.map { $0.itemsPerStage.reduce(0, +) }
        let frame = ChartFrame(width: width, height: height, values: totals.map(Double.init), unit: .count)
        let labels = days.map { MetricFormatting.day($0.day) }
        var svg = "<svg class=\"chart cfd\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Cumulative flow diagram over \(days.count) days; the table below has its values\">"
        svg += frame.axes(unit: .count, labels: labels)
        guard !days.isEmpty else { return svg + "</svg>" }
        let stageCount = report.stages.count
        // Stack from the last stage (done) at the bottom up to the first.
        var lower = [Double](repeating: 0, count: days.count)
        for stage in stride(from: stageCount - 1, through: 0, by: -1) {
            let upper = days.indices.map { lower[$0] + Double(days[$0].itemsPerStage[stage]) }
            var points = days.indices.map { "\(HTML.coordinate(frame.x(slot: $0, of: days.count))),\(HTML.coordinate(frame.y(upper[$0])))" }
            points += days.indices.reversed().map { "\(HTML.coordinate(frame.x(slot: $0, of: days.count))),\(HTML.coordinate(frame.y(lower[$0])))" }
            svg += "<polygon class=\"band\" fill=\"\(Self.palette[stage % Self.palette.count])\" points=\"\(points.joined(separator: " "))\"><title>\(HTML.escape(report.stages[stage].definition.name))</title></polygon>"
            lower = upper
        }
        // A hover target per day with its counts.
        let band = frame.plotWidth / Double(days.count)
        for (index, day) in days.enumerated() {
            let counts = report.stages.indices.map { "\(report.stages[$0].definition.name) \(day.itemsPerStage[$0])" }.joined(separator: ", ")
            svg += "<rect class=\"point day\" x=\"\(HTML.coordinate(frame.x(slot: index, of: days.count) - band / 2))\" y=\"\(HTML.coordinate(frame.top))\" width=\"\(HTML.coordinate(band))\" height=\"\(HTML.coordinate(frame.plotHeight))\"><title>\(HTML.escape("\(labels[index]): \(counts); load \(day.load)"))</title></rect>"
        }
        return svg + "</svg>"
    }

    func legend() -> String {
        report.stages.indices.map { "<span><span class=\"swatch\" style=\"background:\(Self.palette[$0 % Self.palette.count])\"></span>\(HTML.escape(report.stages[$0].definition.name))</span>" }.joined()
    }

    func table() -> String {
        var html = "<table class=\"data\"><caption>Items per stage by day</caption><thead><tr><th scope=\"col\">Day</th>"
        for stage in report.stages { html += "<th scope=\"col\">\(HTML.escape(stage.definition.name))</th>" }
        html += "<th scope=\"col\">Load</th></tr></thead><tbody>"
        for day in report.days {
            html += "<tr><th scope=\"row\">\(MetricFormatting.day(day.day))</th>" + day.itemsPerStage.map { "<td>\($0)</td>" }.joined() + "<td>\(day.load)</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
