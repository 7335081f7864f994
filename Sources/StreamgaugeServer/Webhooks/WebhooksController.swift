import Connectors
import EventStore
import Foundation
import Hummingbird
import ValueStreamModel

/// `POST /webhooks/<tool>/<connection>`: deliveries from the tools, authenticated by the
/// connection's secret (not by API tokens). In order: the connection is found, the signature is
/// checked on the raw bytes, the body is decoded completely, and only then is the delivery
/// archived with its events in one transaction; a redelivery (same delivery id) is answered
/// without storing anything again. DevLake's webhook paths are mounted too, so scripts written
/// for it only change their host.
struct WebhooksController<Context: RequestContext>: Sendable {
    let ingest: IngestService
    let directory: ConnectionDirectory
    let secrets: SecretReader
    let maxBodyBytes: Int
    let onIngested: @Sendable () -> Void
    let telemetry: ServerTelemetry

    /// The prefixes DevLake's webhook plugin answers under (FORMATS.md §6), before `:connection`.
    static var devLakePrefixes: [String] {
        ["api/rest/plugins/webhook/connections/by-name", "api/plugins/webhook/connections/by-name",
         "api/rest/plugins/webhook/connections", "api/plugins/webhook/connections",
         "api/rest/plugins/webhook", "api/plugins/webhook", "webhooks/devlake"]
    }

    func addRoutes(to router: Router<Context>) {
        router.post("/webhooks/:tool/:connection") { request, context in
            try await receive(request, context: context, tool: try context.parameters.require("tool"), path: nil)
        }
        for prefix in Self.devLakePrefixes {
            for action in ["deployments", "issues", "pull_requests"] {
                router.post("/\(prefix)/:connection/\(action)") { request, context in
                    try await receive(request, context: context, tool: WebhookTool.devlake.rawValue, path: action)
                }
            }
            router.post("/\(prefix)/:connection/issue/:key/close") { request, context in
                let key = try context.parameters.require("key")
                return try await receive(request, context: context, tool: WebhookTool.devlake.rawValue, path: "issue/\(key)/close")
            }
        }
    }

    private func receive(_ request: Request, context: Context, tool toolName: String, path: String?) async throws -> Response {
        // The label names known tools only: a path must not mint new time series.
        let channel = "webhook-\(WebhookTool(rawValue: toolName)?.rawValue ?? "unknown")"
        return try await telemetry.measureIngest(channel: channel) { try await handle(request, context: context, tool: toolName, path: path) }
    }

    private func handle(_ request: Request, context: Context, tool toolName: String, path: String?) async throws -> (Response, IngestReceipt?) {
        guard let tool = WebhookTool(rawValue: toolName) else {
            throw APIError(.notFound, "unknown tool \"\(toolName)\"; webhooks are received for \(WebhookTool.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = try context.parameters.require("connection")
        guard let connection = try await directory.connection(named: name), connection.tool == tool else {
            throw APIError(.notFound, "there is no \(tool.rawValue) connection named \"\(name)\"; add one with `streamgauge connection add`")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the body is larger than the limit of \(maxBodyBytes) bytes")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        headers[WebhookDecoder.toolHeader] = tool.rawValue
        headers[WebhookDecoder.connectionHeader] = connection.name
        headers[WebhookDecoder.pathHeader] = path
        var raw = RawRequest(channel: "webhook", headers: headers, body: Data(body.readableBytesView))

        try authenticate(raw, connection: connection)

        let decoder = WebhookDecoder(organization: ingest.organization, connections: { $0 == connection.name ? connection : nil })
        let reading = try decoder.read(raw)
        if tool == .github && reading.eventType == "ping" {
            return (try JSONResponse.make(["pong": true, "connection": connection.name]), nil)
        }
        raw.deliveryKey = reading.deliveryId.map { "\(connection.name):\($0)" }
        raw.headers = raw.headers.filter { decoder.relevantHeaders.contains($0.key) }
        let receipt = try await ingest.store(IngestService.DecodedRequest(archived: raw, events: reading.events))
        if receipt.accepted > 0 { onIngested() }
        var answer: [String: Any] = ["accepted": receipt.accepted, "duplicates": receipt.duplicates, "event": reading.eventType]
        if reading.isIgnored { answer["ignored"] = "event type \(reading.eventType) carries nothing Streamgauge uses; archived" }
        if receipt.isRedelivery { answer["redelivery"] = true }
        return (try JSONResponse.make(answer, status: .accepted), receipt)
    }

    /// Fails closed: no readable secret means no delivery, unless the connection is insecure.
    private func authenticate(_ raw: RawRequest, connection: WebhookConnection) throws {
        guard !connection.insecure else { return }
        switch secrets.secret(of: connection) {
        case .failure(let reason):
            var error = APIError(.serviceUnavailable, "\(reason); the delivery was not accepted")
            error.headers[.retryAfter] = "60"
            throw error
        case .success(let secret):
            do {
                try WebhookAuthenticator.verify(raw, scheme: WebhookMappers.mapper(for: connection.tool).signature, secret: secret)
            } catch {
                throw APIError(.unauthorized, "\(error.message); nothing was stored")
            }
        }
    }
}
