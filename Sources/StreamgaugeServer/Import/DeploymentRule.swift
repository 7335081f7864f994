/// Which commits of a repository count as production deployments when history is imported.
public enum DeploymentRule: Sendable, Hashable, CustomStringConvertible {
    /// Every tag matching a glob (`v*`), deployed at the annotated tag's date, else its commit's.
    case tags(pattern: String)
    /// Every commit on a deployment branch's first-parent history, deployed when committed.
    case branch(name: String)
    /// Every merge on a branch's first-parent history, deployed when committed.
    case firstParentMerges(branch: String)

    /// Reads `tags:PATTERN`, `branch:NAME` or `first-parent-merges:NAME`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else {
            throw GitImportError("--deployments must be tags:PATTERN, branch:NAME or first-parent-merges:NAME, not \"\(text)\"")
        }
        switch parts[0] {
        case "tags": self = .tags(pattern: parts[1])
        case "branch": self = .branch(name: parts[1])
        case "first-parent-merges": self = .firstParentMerges(branch: parts[1])
        default: throw GitImportError("--deployments: unknown rule \"\(parts[0])\"; use tags:, branch: or first-parent-merges:")
        }
    }

    public var description: String {
        switch self {
        case .tags(let pattern): "tags:\(pattern)"
        case .branch(let name): "branch:\(name)"
        case .firstParentMerges(let branch): "first-parent-merges:\(branch)"
        }
    }
}
