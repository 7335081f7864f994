import Foundation
import ValueStreamModel

/// What is specific to one tool's webhooks: how deliveries are signed, where the event type and
/// the delivery id are, and how each event type maps to native events. Everything else
/// (verifying, deduplicating, archiving, parsing) is shared: see `WebhookDecoder` and
/// `WebhookAuthenticator`.
public protocol WebhookMapper: Sendable {
    var tool: WebhookTool { get }
    /// How deliveries prove they come from the tool.
    var signature: SignatureScheme { get }
    /// Headers the mapping reads (event type, delivery id), kept in the archive. Never the
    /// headers that carry secrets.
    var headers: Set<String> { get }
    /// The event type, from a header or the body.
    func eventType(of delivery: WebhookDelivery) throws(EventDecodingError) -> String
    /// The tool's id of the delivery, the same on every redelivery; `nil` when it has none (the
    /// events' own keys still make repeats duplicates).
    func deliveryId(of delivery: WebhookDelivery) -> String?
    /// The native events of the delivery; `nil` for an event type that carries nothing we use.
    func events(of delivery: WebhookDelivery, type: String) throws(EventDecodingError) -> [IncomingEvent]?
    /// The JSON text of the body (GitHub can send it form-encoded).
    func json(of request: RawRequest) -> Data
}

extension WebhookMapper {
    public func json(of request: RawRequest) -> Data { request.body }
}

/// Every tool's mapper.
public enum WebhookMappers {
    public static func mapper(for tool: WebhookTool) -> any WebhookMapper {
        switch tool {
        case .github: GitHubWebhookMapper()
        case .gitlab: GitLabWebhookMapper()
        case .pagerduty: PagerDutyWebhookMapper()
        case .opsgenie: OpsgenieWebhookMapper()
        case .jira: JiraWebhookMapper()
        case .circleci: CircleCIWebhookMapper()
        case .jenkins: JenkinsWebhookMapper()
        case .devlake: DevLakeWebhookMapper()
        }
    }
}

/// One delivery as a mapper reads it: the request, its parsed body, and the connection's mapping
/// settings, with the rules every tool shares for services and environments.
public struct WebhookDelivery {
    public let request: RawRequest
    public let payload: FieldReader
    public let connection: WebhookConnection
    public let organization: OrganizationMap

    public func header(_ name: String) -> String? { request.headers[name] }

    /// The repository as events name it (`github.com/acme/shop`), from any of its URLs.
    public func repository(fromURL url: String) -> String {
        var text = url
        if text.hasSuffix(".git") { text.removeLast(4) }
        // `git@host:group/name` (scp-like) becomes `host/group/name`.
        if !text.contains("://"), let at = text.firstIndex(of: "@"), let colon = text[at...].firstIndex(of: ":") {
            text = String(text[text.index(after: at)..<colon]) + "/" + String(text[text.index(after: colon)...])
        }
        return OrganizationMap.normalized(text)
    }

    /// The service of a repository: the connection's, then its mapping, then the organisation's.
    public func service(forRepository repository: String) -> String {
        connection.service ?? connection.services[repository] ?? organization.primaryService(forRepository: repository)
    }

    /// The service of something a tool names by its own name (a PagerDuty service, a Jira
    /// project): the connection's, then its mapping, then the name itself in lower case.
    public func service(toolName: String?, field: String) throws(EventDecodingError) -> String {
        if let service = connection.service { return service }
        guard let toolName, !toolName.isEmpty else {
            throw EventDecodingError("names no service; set `service` on connection `\(connection.name)`", line: 1, field: field)
        }
        if let mapped = connection.services[toolName] { return mapped }
        return toolName.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" }).joined(separator: "-")
    }

    /// An environment name as stored: `production` when the tool or the connection says it is
    /// production, the tool's name otherwise.
    public func environment(_ name: String, isProduction: Bool = false) -> String {
        if isProduction || connection.productionEnvironments.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
            return "production"
        }
        return name
    }

    /// Whether a tag is a release that counts as a deployment.
    public func isReleaseTag(_ tag: String) -> Bool {
        connection.releaseTags.map { Glob.matches($0, tag) } ?? false
    }

    public func key(_ kind: EventKind, _ id: String) -> EventKey {
        EventKey(source: connection.tool.rawValue, kind: kind, id: id)
    }
}

/// The first value given, of several read eagerly (`??` loses a typed throw's error type).
func firstOf<Value>(_ values: Value?...) -> Value? {
    for value in values { if let value { return value } }
    return nil
}
