import Foundation
import Hummingbird
import ValueStreamModel

/// An improvement programme's iterations as a URL gives them: `start` (a date), `days` each
/// (default 7, halves allowed: 12 iterations in 6 weeks are 3.5 days) and `count` (default 12).
struct IterationPlan {
    var start: Date
    var days: Double
    var count: Int

    init(_ request: Request) throws {
        let parameters = request.uri.queryParameters
        guard let startText = parameters["start"].map(String.init), let start = try? WindowParser.date(startText, name: "start") else {
            throw APIError(.badRequest, "`start` is required: the first iteration's first day (2026-03-02) or an RFC 3339 time", field: "start")
        }
        let days = Double(parameters["days"].map(String.init) ?? "7")
        guard let days, days >= 0.5, days <= 90 else { throw APIError(.badRequest, "`days` must be a number from 0.5 to 90", field: "days") }
        let count = Int(parameters["count"].map(String.init) ?? "12")
        guard let count, (1...52).contains(count) else { throw APIError(.badRequest, "`count` must be 1 to 52", field: "count") }
        self.start = start
        self.days = days
        self.count = count
    }
}
