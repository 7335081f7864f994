import Foundation
import ValueStreamModel

/// CDEvents carried as CloudEvents over HTTP (binary, structured or batched mode), or posted bare.
/// Events that matter for the metrics become native events; the others decode to nothing, so
/// they are archived and acknowledged.
public struct CDEventsDecoder: RequestDecoder {
    public let channel = "cdevents"
    public let relevantHeaders: Set<String> = ["content-type", "ce-id", "ce-type", "ce-source", "ce-time", "ce-specversion"]

    public init() {}

    public func decode(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent] {
        let contentType = request.contentType?.lowercased() ?? ""
        let items = try JSONBody.objects(in: request.body, contentType: nil)
        var events: [IncomingEvent] = []
        if let type = request.headers["ce-type"] {
            // Binary mode: the CloudEvent's attributes are headers, the body is the CDEvent.
            guard items.count == 1 else { throw EventDecodingError("binary mode carries one event", line: 1) }
            let envelope = CloudEventAttributes(
                type: type, id: request.headers["ce-id"], time: request.headers["ce-time"]
            )
            events += try CDEventMapper.events(from: FieldReader(items[0].object, line: 1), envelope: envelope)
            return events
        }
        let isStructured = contentType.contains("cloudevents")
        for item in items {
            let fields = FieldReader(item.object, line: item.line)
            if isStructured || fields.has("specversion") {
                let type = try fields.string("type")
                guard let data = try fields.optionalObject("data") else {
                    throw fields.failure("data", "is required: a structured CloudEvent carries the CDEvent in `data`")
                }
                let envelope = CloudEventAttributes(type: type, id: try fields.optionalString("id"), time: try fields.optionalString("time"))
                events += try CDEventMapper.events(from: data, envelope: envelope)
            } else {
                events += try CDEventMapper.events(from: fields, envelope: nil)
            }
        }
        return events
    }
}

/// The CloudEvent attributes that stand in for a CDEvent's context when it lacks them.
struct CloudEventAttributes {
    var type: String
    var id: String?
    var time: String?
}
