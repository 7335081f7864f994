import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import StreamgaugeServer
import Testing
import ValueStreamModel

/// A month of daily deployments of checkout, one commit each: lead times about 10 h for two
/// weeks, then about 5 h (the experiment's change), so a lead-time experiment from 03-15
/// improves against its baseline 03-01 .. 03-15.
func dailyDeployments(from start: String, days: Int, leadHours: (Int) -> Double) -> String {
    let first = RFC3339.date(from: start)!
    var lines: [String] = []
    for day in 0..<days {
        let authored = first.addingTimeInterval(Double(day) * 86_400)
        let finished = authored.addingTimeInterval(leadHours(day) * 3_600)
        let parents = day == 0 ? "[]" : "[\"c\(day - 1)\"]"
        lines.append(#"{"kind":"commit","id":"c\#(day)","repository":"github.com/acme/checkout","sha":"c\#(day)","parents":\#(parents),"authoredAt":"\#(RFC3339.string(from: authored))","committedAt":"\#(RFC3339.string(from: authored))"}"#)
        lines.append(#"{"kind":"deployment","id":"d\#(day)","service":"checkout","environment":"production","sha":"c\#(day)","finishedAt":"\#(RFC3339.string(from: finished))","result":"success"}"#)
    }
    return lines.joined(separator: "\n")
}

@Suite("Experiments, iterations and alerts")
struct ExperimentTests {
    let history = dailyDeployments(from: "2026-03-01T00:00:00Z", days: 28) { day in (day < 14 ? 10 : 5) + Double(day % 3) / 6 }
    let json: HTTPFields = [.contentType: "application/json"]

    @Test func anExperimentIsCreatedJudgedShownAnnotatedAndClosed() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: history))
            let body = #"{"name":"Smaller pull requests","hypothesis":"Pull requests under 200 lines shorten lead time","scope":{"kind":"service","name":"checkout"},"metric":"lead-time","expected":"decrease","start":"2026-03-15T00:00:00Z","end":"2026-03-29T00:00:00Z"}"#
            let id = try await client.execute(uri: "/api/v1/experiments", method: .post, headers: json, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                return response.json["id"] as? String ?? ""
            }
            #expect(id.hasPrefix("exp-"))
            try await client.execute(uri: "/api/v1/experiments/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                let verdict = response.json["verdict"] as? [String: Any]
                #expect(verdict?["outcome"] as? String == "improved")
                // Baseline: 13 lead times (the first deployment has none) of 10, 10.17 and 10.33 h;
                // experiment: 14 of 5, 5.17 and 5.33 h. Medians 10.17 h and 5.17 h: 5 h less.
                let baseline = verdict?["baseline"] as? [String: Any]
                #expect(baseline?["size"] as? Int == 13)
                #expect(abs((verdict?["effect"] as? Double ?? 0) + 18_000) < 1)
                #expect((verdict?["pValue"] as? Double ?? 1) < 0.001)
                let interval = verdict?["interval"] as? [Double]
                #expect(interval?.count == 2 && interval![1] < 0)
            }
            let bad = #"{"name":"x","hypothesis":"y","scope":{"kind":"team","name":"nobody"},"metric":"lead-time","expected":"decrease","start":"2026-03-15"}"#
            try await client.execute(uri: "/api/v1/experiments", method: .post, headers: json, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest)
            }
            let badMetric = body.replacingOccurrences(of: "\"lead-time\"", with: "\"happiness\"")
            try await client.execute(uri: "/api/v1/experiments", method: .post, headers: json, body: ByteBuffer(string: badMetric)) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "metric")
            }
            try await client.execute(uri: "/experiments", method: .get) { response in
                #expect(response.text.contains("Smaller pull requests"))
                #expect(response.text.contains(#"<span class="outcome-improved">improved</span>"#))
            }
            try await client.execute(uri: "/experiments/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Verdict: improved"))
                #expect(response.text.contains(#"<rect class="annotation""#))
            }
            try await client.execute(uri: "/service/checkout?from=2026-03-01&to=2026-04-01", method: .get) { response in
                #expect(response.text.contains("experiment: Smaller pull requests"), "annotated on the scope's charts")
            }
            try await client.execute(uri: "/api/v1/experiments/\(id)/close", method: .post, headers: json, body: ByteBuffer(string: #"{"conclusion":"keep it"}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.json["closedAt"] is String)
                #expect(response.json["conclusion"] as? String == "keep it")
            }
            // Flow time has no chart on a scope's page: the experiment's page goes without one.
            let flowBody = body.replacingOccurrences(of: "\"lead-time\"", with: "\"flow-time\"")
            let flowId = try await client.execute(uri: "/api/v1/experiments", method: .post, headers: json, body: ByteBuffer(string: flowBody)) { $0.json["id"] as? String ?? "" }
            try await client.execute(uri: "/experiments/\(flowId)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Verdict: not-enough-data"))
                #expect(!response.text.contains("<figure>"))
            }
            try await client.execute(uri: "/api/v1/experiments/exp-none", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func iterationsSnapshotTheProgramme() async throws {
        try await makeApplication(store: InMemoryEventStore()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: history))
            // 8 iterations of 3.5 days from 03-01: deployments at 10 h past midnight (days 0..13), then 5 h.
            try await client.execute(uri: "/api/v1/iterations?scope=service&name=checkout&start=2026-03-01&days=3.5&count=8", method: .get) { response in
                #expect(response.status == .ok)
                let iterations = response.json["iterations"] as? [[String: Any]] ?? []
                #expect(iterations.count == 8)
                let counts = iterations.map { (($0["report"] as? [String: Any])?["deploymentFrequency"] as? [String: Any])?["count"] as? Int }
                #expect(counts == [4, 3, 4, 3, 4, 3, 4, 3]) // d0..d3 land before 03-04 12:00, d4..d6 after
                let last = (iterations.last?["report"] as? [String: Any])?["leadTimeForChanges"] as? [String: Any]
                #expect(((last?["p50Seconds"] as? Double) ?? 0) < 6 * 3_600)
            }
            try await client.execute(uri: "/iterations?scope=service&name=checkout&start=2026-03-01&days=3.5&count=8", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Lead time for changes by iteration"))
                #expect(response.text.contains("<title>8 · deployments: 3</title>"))
            }
            try await client.execute(uri: "/api/v1/iterations?scope=service&name=checkout&days=3.5", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["field"] as? String == "start")
            }
        }
    }
}
