import DeliveryMetrics
import Foundation
import ValueStreamModel

/// What a page shows, kept whole in its URL so that a link can be shared: the window, the trend
/// period, and the page's own parameters.
public struct ViewState: Sendable {
    public var window: DateWindow
    public var period: SeriesPeriod
    /// Parameters of the page itself (`scope`, `name`), kept by the window picker.
    public var parameters: [(String, String)]

    public init(window: DateWindow, period: SeriesPeriod = .week, parameters: [(String, String)] = []) {
        self.window = window
        self.period = period
        self.parameters = parameters
    }

    /// `from=…&to=…&period=…` plus the page's parameters, URL-encoded.
    public var query: String {
        (parameters + [("from", MetricFormatting.day(window.from)), ("to", MetricFormatting.day(window.to)), ("period", period.rawValue)])
            .map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// The window picker's context: the current values and presets ending today.
    func pickerContext(path: String, now: Date) -> [String: Any] {
        let presets = [(30, "30 days"), (90, "90 days"), (180, "6 months"), (365, "1 year")].map { days, label -> [String: Any] in
            var preset = self
            preset.window = DateWindow.last(days: days, endingAt: now)
            return ["label": label, "href": "\(path)?\(preset.query)"]
        }
        return [
            "from": MetricFormatting.day(window.from), "to": MetricFormatting.day(window.to),
            "weekSelected": period == .week, "monthSelected": period == .month,
            "hidden": parameters.map { ["name": $0.0, "value": $0.1] }, "presets": presets, "action": path,
        ]
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? text
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}

extension ScopeTrend {
    /// Where the scope's page is.
    var path: String { Self.path(of: report.scope) }

    static func path(of scope: MetricScope) -> String {
        switch scope.kind {
        case .organization: "/"
        case .service: "/service/\(ViewState.encode(scope.name))"
        case .team: "/team/\(ViewState.encode(scope.name))"
        case .valueStream: "/value-stream/\(ViewState.encode(scope.name))"
        }
    }

    /// Period labels: the day each period starts.
    var labels: [String] { series.map { MetricFormatting.day($0.window.from) } }
}
