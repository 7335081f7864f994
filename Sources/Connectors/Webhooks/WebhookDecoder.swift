import Foundation
import ValueStreamModel

/// Decodes archived and incoming webhook deliveries of every tool (channel `webhook`). The
/// archive keeps which tool and connection a delivery came through, so reprocessing decodes it
/// with that connection's settings of today (or the defaults, if it was removed since).
public struct WebhookDecoder: RequestDecoder {
    public static let toolHeader = "x-streamgauge-tool"
    public static let connectionHeader = "x-streamgauge-connection"
    /// The sub-path of tools that say what a request is by its URL (DevLake's `deployments`).
    public static let pathHeader = "x-streamgauge-path"

    public let channel = "webhook"
    public var relevantHeaders: Set<String> { Self.archivedHeaders }
    /// What every tool's mapping reads, worked out once (a decoder is made per delivery).
    static let archivedHeaders: Set<String> = WebhookTool.allCases.reduce(into: [toolHeader, connectionHeader, pathHeader, "content-type"]) {
        $0.formUnion(WebhookMappers.mapper(for: $1).headers)
    }
    private let connections: @Sendable (String) -> WebhookConnection?
    private let organization: OrganizationMap

    public init(organization: OrganizationMap = OrganizationMap(), connections: @escaping @Sendable (String) -> WebhookConnection? = { _ in nil }) {
        self.organization = organization
        self.connections = connections
    }

    /// What a delivery is and what it carries.
    public struct Reading: Sendable {
        public var tool: WebhookTool
        public var eventType: String
        public var deliveryId: String?
        public var events: [IncomingEvent]
        /// Set when the event type carries nothing used: the delivery is archived, not mapped.
        public var isIgnored: Bool
    }

    public func decode(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent] {
        try read(request).events
    }

    public func read(_ request: RawRequest) throws(EventDecodingError) -> Reading {
        guard let toolName = request.headers[Self.toolHeader], let tool = WebhookTool(rawValue: toolName) else {
            throw EventDecodingError("a webhook delivery needs the \(Self.toolHeader) header", line: 1)
        }
        let connectionName = request.headers[Self.connectionHeader] ?? tool.rawValue
        var connection = connections(connectionName) ?? .defaults(name: connectionName, tool: tool)
        connection.tool = tool
        let mapper = WebhookMappers.mapper(for: tool)
        let payload = try Self.payload(mapper.json(of: request))
        let delivery = WebhookDelivery(request: request, payload: payload, connection: connection, organization: organization)
        let type = try mapper.eventType(of: delivery)
        let events = try mapper.events(of: delivery, type: type)
        return Reading(tool: tool, eventType: type, deliveryId: mapper.deliveryId(of: delivery), events: events ?? [], isIgnored: events == nil)
    }

    private static func payload(_ body: Data) throws(EventDecodingError) -> FieldReader {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: body)
        } catch {
            throw EventDecodingError("the body is not valid JSON", line: 1)
        }
        guard let object = value as? [String: Any] else { throw EventDecodingError("the body is not a JSON object", line: 1) }
        return FieldReader(object, line: 1, isToolPayload: true)
    }
}
