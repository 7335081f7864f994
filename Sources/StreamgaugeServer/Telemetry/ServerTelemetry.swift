import Connectors
import EventStore
import Hummingbird
import Prometheus

/// The server's own figures for `/metrics`: requests and events ingested per channel, and how
/// long an ingest took to be durable. Nothing here is about people.
public final class ServerTelemetry: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    /// Records one ingest request: its channel, outcome (`accepted`, `rejected`, `failed`),
    /// events stored and duplicates, and its duration.
    public func recordIngest(channel: String, outcome: String, accepted: Int = 0, duplicates: Int = 0, duration: Duration) {
        registry.makeCounter(name: "streamgauge_ingest_requests_total", labels: [("channel", channel), ("outcome", outcome)],
                             help: "Ingest requests by channel and outcome.").increment()
        if accepted > 0 {
            registry.makeCounter(name: "streamgauge_ingested_events_total", labels: [("channel", channel)],
                                 help: "Events stored (new or changed).").increment(by: Int64(accepted))
        }
        if duplicates > 0 {
            registry.makeCounter(name: "streamgauge_duplicate_events_total", labels: [("channel", channel)],
                                 help: "Events that changed nothing.").increment(by: Int64(duplicates))
        }
        registry.makeDurationHistogram(
            name: "streamgauge_ingest_duration_seconds", labels: [("channel", channel)],
            buckets: [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)],
            help: "Time from receiving a request to its durable acknowledgement."
        ).record(duration)
    }

    /// Runs one ingest request and records it: accepted with its receipt (a request that stores
    /// nothing, like a ping, has none), rejected for bad input (a 4xx), failed otherwise.
    public func measureIngest(channel: String, _ body: () async throws -> (Response, IngestReceipt?)) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let (response, receipt) = try await body()
            recordIngest(channel: channel, outcome: "accepted", accepted: receipt?.accepted ?? 0, duplicates: receipt?.duplicates ?? 0, duration: clock.now - start)
            return response
        } catch let error as EventDecodingError {
            recordIngest(channel: channel, outcome: "rejected", duration: clock.now - start)
            throw error
        } catch let error as APIError where error.status.code < 500 {
            recordIngest(channel: channel, outcome: "rejected", duration: clock.now - start)
            throw error
        } catch {
            recordIngest(channel: channel, outcome: "failed", duration: clock.now - start)
            throw error
        }
    }
}
