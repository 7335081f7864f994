import DeliveryMetrics
import Foundation

/// The deployments of a window on a time axis: successful ones as ticks, those that failed in
/// production and rollbacks marked, failed attempts below the line, incidents as bars from
/// opening to resolution.
struct TimelineChart {
    let timeline: DeploymentTimeline

    func svg(width: Double = 960, height: Double = 150) -> String {
        let left = 12.0, right = 12.0
        let from = timeline.window.from.timeIntervalSince1970, to = timeline.window.to.timeIntervalSince1970
        func x(_ date: Date) -> Double {
            left + (width - left - right) * min(max((date.timeIntervalSince1970 - from) / max(to - from, 1), 0), 1)
        }
        var svg = "<svg class=\"chart timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Deployment timeline: \(timeline.deployments.count) deployments, \(timeline.incidents.count) incidents; the table below lists them\">"
        svg += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"60\" y2=\"60\"/>"
        svg += "<text class=\"axis\" x=\"\(left)\" y=\"\(Int(height - 6))\">\(MetricFormatting.day(timeline.window.from))</text>"
        svg += "<text class=\"axis\" x=\"\(Int(width - right))\" y=\"\(Int(height - 6))\" text-anchor=\"end\">\(MetricFormatting.day(timeline.window.to))</text>"
        for deployment in timeline.deployments {
            let position = HTML.coordinate(x(deployment.finishedAt))
            let (style, top, bottom, what): (String, Int, Int, String) =
                !deployment.succeeded ? ("attempt", 62, 78, "failed attempt")
                : deployment.failedInProduction ? ("failed", 24, 60, "failed in production")
                : deployment.isRework ? ("rework", 30, 60, "rollback or fix")
                : ("success", 36, 60, "deployed")
            let label = "\(deployment.service) \(RFC3339String.of(deployment.finishedAt)): \(what), \(deployment.changeCount) changes"
            svg += "<line class=\"deploy point \(style)\" x1=\"\(position)\" x2=\"\(position)\" y1=\"\(top)\" y2=\"\(bottom)\"><title>\(HTML.escape(label))</title></line>"
        }
        for (index, incident) in timeline.incidents.enumerated() {
            let start = x(incident.openedAt), end = x(incident.resolvedAt ?? timeline.window.to)
            let y = 92 + Double(index % 4) * 10
            let label = "incident \(incident.title ?? incident.key.id): opened \(RFC3339String.of(incident.openedAt)), "
                + (incident.resolvedAt.map { "resolved \(RFC3339String.of($0))" } ?? "open")
                + (incident.attribution.map { ", attributed (\($0.rawValue))" } ?? ", not attributed")
            svg += "<rect class=\"incident point\" x=\"\(HTML.coordinate(start))\" y=\"\(HTML.coordinate(y))\" width=\"\(HTML.coordinate(max(end - start, 3)))\" height=\"7\"><title>\(HTML.escape(label))</title></rect>"
        }
        return svg + "</svg>"
    }

    func table() -> String {
        var html = "<table class=\"data\"><caption>Deployments</caption><thead><tr><th scope=\"col\">Finished</th><th scope=\"col\">Service</th><th scope=\"col\">Outcome</th><th scope=\"col\">Changes</th></tr></thead><tbody>"
        for deployment in timeline.deployments {
            let outcome = !deployment.succeeded ? "failed attempt" : deployment.failedInProduction ? "failed in production"
                : deployment.isRework ? "rollback or fix" : "deployed"
            html += "<tr><td>\(RFC3339String.of(deployment.finishedAt))</td><td>\(HTML.escape(deployment.service))</td><td>\(outcome)</td><td>\(deployment.changeCount)</td></tr>"
        }
        html += "</tbody></table><table class=\"data\"><caption>Incidents</caption><thead><tr><th scope=\"col\">Opened</th><th scope=\"col\">Resolved</th><th scope=\"col\">Title</th><th scope=\"col\">Attributed by</th></tr></thead><tbody>"
        for incident in timeline.incidents {
            html += "<tr><td>\(RFC3339String.of(incident.openedAt))</td><td>\(incident.resolvedAt.map(RFC3339String.of) ?? "open")</td><td>\(HTML.escape(incident.title ?? incident.key.id))</td><td>\(incident.attribution?.rawValue ?? "–")</td></tr>"
        }
        return html + "</tbody></table>"
    }
}

/// Times on pages: minutes are enough.
enum RFC3339String {
    static func of(_ date: Date) -> String {
        let text = date.formatted(.iso8601)
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
