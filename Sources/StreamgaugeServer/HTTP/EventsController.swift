import Connectors
import EventStore
import Foundation
import Hummingbird
import ValueStreamModel

/// `POST /api/v1/events` (native events) and `POST /api/v1/cdevents` (CloudEvents): answered
/// 202 only once everything in the request is durable, 400 naming the first bad event otherwise.
struct EventsController<Context: RequestContext>: Sendable {
    let ingest: IngestService
    let maxBodyBytes: Int
    let onIngested: @Sendable () -> Void
    let telemetry: ServerTelemetry

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("events") { request, context in
            try await telemetry.measureIngest(channel: "native") { try await receive(request, channel: "native") }
        }
        group.post("cdevents") { request, context in
            try await telemetry.measureIngest(channel: "cdevents") { try await receive(request, channel: "cdevents") }
        }
    }

    private func receive(_ request: Request, channel: String) async throws -> (Response, IngestReceipt?) {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the body is larger than the limit of \(maxBodyBytes) bytes; send smaller batches")
        }
        guard body.readableBytes > 0 else { throw APIError(.badRequest, "the body is empty", line: 1) }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let raw = RawRequest(channel: channel, headers: headers, body: Data(body.readableBytesView))
        let receipt = try await ingest.ingest(raw)
        onIngested()
        return (try JSONResponse.make(["accepted": receipt.accepted, "duplicates": receipt.duplicates], status: .accepted), receipt)
    }
}

/// JSON answers.
enum JSONResponse {
    static func make(_ object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return make(data: data, status: status)
    }

    static func make(data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
