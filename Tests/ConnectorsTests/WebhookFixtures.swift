import Connectors
import Foundation
import ValueStreamModel

/// Decodes a shared webhook fixture as the server would after authenticating it.
enum WebhookFixture {
    static func read(
        _ file: String, tool: WebhookTool, headers: [String: String] = [:], connection: WebhookConnection? = nil,
        organization: OrganizationMap = OrganizationMap(), receivedAt: Date = Date(timeIntervalSince1970: 1_700_000_000)
    ) throws -> WebhookDecoder.Reading {
        try read(body: try Fixtures.data("webhooks/\(file)"), tool: tool, headers: headers, connection: connection, organization: organization, receivedAt: receivedAt)
    }

    static func read(
        body: Data, tool: WebhookTool, headers: [String: String] = [:], connection: WebhookConnection? = nil,
        organization: OrganizationMap = OrganizationMap(), receivedAt: Date = Date(timeIntervalSince1970: 1_700_000_000)
    ) throws -> WebhookDecoder.Reading {
        let connection = connection ?? .defaults(name: "main", tool: tool)
        var allHeaders = headers
        allHeaders[WebhookDecoder.toolHeader] = tool.rawValue
        allHeaders[WebhookDecoder.connectionHeader] = connection.name
        let request = RawRequest(channel: "webhook", headers: allHeaders, body: body, receivedAt: receivedAt)
        return try WebhookDecoder(organization: organization, connections: { $0 == connection.name ? connection : nil }).read(request)
    }

    /// A fixture's JSON object changed by `edit`, for cases the fixtures lack.
    static func edited(_ file: String, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try Fixtures.data("webhooks/\(file)")) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }
}

func time(_ text: String) -> Date { RFC3339.date(from: text)! }

extension Array where Element == IncomingEvent {
    var commits: [Commit] { compactMap { if case .commit(let value) = $0.event { value } else { nil } } }
    var pullRequests: [PullRequest] { compactMap { if case .pullRequest(let value) = $0.event { value } else { nil } } }
    var deployments: [Deployment] { compactMap { if case .deployment(let value) = $0.event { value } else { nil } } }
    var incidents: [Incident] { compactMap { if case .incident(let value) = $0.event { value } else { nil } } }
    var pipelineRuns: [PipelineRun] { compactMap { if case .pipelineRun(let value) = $0.event { value } else { nil } } }
    var workItems: [WorkItem] { compactMap { if case .workItem(let value) = $0.event { value } else { nil } } }
}
