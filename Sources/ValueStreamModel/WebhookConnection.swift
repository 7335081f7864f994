import Foundation

/// The tools that deliver webhooks to Streamgauge, each at `POST /webhooks/<tool>/<connection>`.
public enum WebhookTool: String, Sendable, Hashable, Codable, CaseIterable {
    case github, gitlab, pagerduty, opsgenie, jira, circleci, jenkins, devlake
}

/// Which CI runs count as deployments (CircleCI workflows and jobs, Jenkins jobs): a run whose
/// name matches `match` (a glob, `*` for any text) is a deployment to `environment`.
public struct DeploymentMatch: Sendable, Hashable, Codable {
    public var match: String
    public var environment: String

    public init(match: String, environment: String = "production") {
        self.match = match
        self.environment = environment
    }

    /// What a connection uses unless told otherwise: the convention Four Keys uses too.
    public static let conventional = DeploymentMatch(match: "*deploy*", environment: "production")

    public func matches(_ name: String) -> Bool { Glob.matches(match, name) }
}

/// One source of webhooks: which tool, how its deliveries are authenticated, and how its
/// payloads map to services and environments. The secret itself is never stored here, only
/// where to read it (an environment variable or a file), and it is never logged.
public struct WebhookConnection: Sendable, Hashable, Codable {
    public var name: String
    public var tool: WebhookTool
    /// The environment variable holding the secret.
    public var secretEnv: String?
    /// A file holding the secret (read on every delivery, so it can be rotated in place).
    public var secretFile: String?
    /// Accept deliveries without checking any secret. Only when said explicitly.
    public var insecure: Bool
    /// The service of everything this connection receives, when the tool names none (or to
    /// override what it names).
    public var service: String?
    /// Tool-side names (a PagerDuty service, a Jira project key, an Opsgenie entity or tag, a
    /// repository) to Streamgauge services.
    public var services: [String: String]
    /// Environment names that are production for this tool, besides the global ones; a
    /// deployment to one of them is stored as `production`.
    public var productionEnvironments: [String]
    /// The issue label that makes a GitHub or GitLab issue an incident (case-insensitive).
    public var incidentLabel: String
    /// The Jira issue type that is an incident (case-insensitive).
    public var incidentIssueType: String
    /// Which CircleCI / Jenkins runs are deployments.
    public var deployments: DeploymentMatch
    /// A glob of tag names (`v*`): a pushed tag, or a published release, matching it is a
    /// production deployment of its commit (GitHub, GitLab). `nil`: tags are not deployments.
    public var releaseTags: String?

    public init(
        name: String, tool: WebhookTool, secretEnv: String? = nil, secretFile: String? = nil, insecure: Bool = false,
        service: String? = nil, services: [String: String] = [:], productionEnvironments: [String] = [],
        incidentLabel: String = "incident", incidentIssueType: String = "Incident",
        deployments: DeploymentMatch = .conventional, releaseTags: String? = nil
    ) {
        self.name = name
        self.tool = tool
        self.secretEnv = secretEnv
        self.secretFile = secretFile
        self.insecure = insecure
        self.service = service
        self.services = services
        self.productionEnvironments = productionEnvironments
        self.incidentLabel = incidentLabel
        self.incidentIssueType = incidentIssueType
        self.deployments = deployments
        self.releaseTags = releaseTags
    }

    /// A connection with only defaults: what archived deliveries of a removed connection are
    /// decoded with.
    public static func defaults(name: String, tool: WebhookTool) -> WebhookConnection {
        WebhookConnection(name: name, tool: tool, insecure: true)
    }

    /// The path the tool posts to.
    public var path: String { "/webhooks/\(tool.rawValue)/\(name)" }

    /// Why this connection cannot be used, or `nil`.
    public var problem: String? {
        if name.isEmpty || !name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "." }) {
            return "connection name \"\(name)\" must be letters, digits, `-`, `_` or `.`"
        }
        if secretEnv != nil && secretFile != nil {
            return "connection `\(name)` names both secretEnv and secretFile; choose one"
        }
        if secretEnv == nil && secretFile == nil && !insecure {
            return "connection `\(name)` has no secret: set secretEnv or secretFile, or `insecure: true` to accept unauthenticated deliveries"
        }
        return nil
    }

    private enum Keys: String, CodingKey {
        case name, tool, secretEnv, secretFile, insecure, service, services, productionEnvironments
        case incidentLabel, incidentIssueType, deployments, releaseTags
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            tool: try container.decode(WebhookTool.self, forKey: .tool),
            secretEnv: try container.decodeIfPresent(String.self, forKey: .secretEnv),
            secretFile: try container.decodeIfPresent(String.self, forKey: .secretFile),
            insecure: try container.decodeIfPresent(Bool.self, forKey: .insecure) ?? false,
            service: try container.decodeIfPresent(String.self, forKey: .service),
            services: try container.decodeIfPresent([String: String].self, forKey: .services) ?? [:],
            productionEnvironments: try container.decodeIfPresent([String].self, forKey: .productionEnvironments) ?? [],
            incidentLabel: try container.decodeIfPresent(String.self, forKey: .incidentLabel) ?? "incident",
            incidentIssueType: try container.decodeIfPresent(String.self, forKey: .incidentIssueType) ?? "Incident",
            deployments: try container.decodeIfPresent(DeploymentMatch.self, forKey: .deployments) ?? .conventional,
            releaseTags: try container.decodeIfPresent(String.self, forKey: .releaseTags)
        )
    }
}

/// Shell-style name patterns: `*` matches any text (also empty), `?` one character; matching is
/// case-insensitive, as people name jobs and tags inconsistently.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern.lowercased()), text = Array(text.lowercased())
        var p = 0, t = 0, star = -1, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; resume = t; p += 1
            } else if star >= 0 {
                p = star + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
