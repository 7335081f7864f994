import Foundation
import ValueStreamModel

/// A commit as push webhooks list it: no parents, only an order.
struct PushedCommit {
    var sha: String
    var at: Date
    var message: String?
    var author: String?
    /// `false` when the commit was pushed before (to another branch): already stored.
    var isDistinct: Bool
    var files: [String]?
}

/// Rebuilds the parent chain of a push (GitHub, GitLab): the commits are listed oldest first, so
/// each one's parent is the one before it, and the first one's is `before`, the branch's
/// previous tip. What cannot be known (the parent of a new branch's first commit, or of the
/// oldest listed commit when the tool cut the list short) is named by `unknownParent`, which
/// no commit has: linking counts it as an unknown commit in data quality, instead of
/// pretending the chain ends there.
enum PushedCommits {
    static let unknownParent = String(repeating: "0", count: 40)

    static func commits(
        _ pushed: [PushedCommit], before: String?, isComplete: Bool, repository: String, key: (String) -> EventKey
    ) -> [Commit] {
        let knownBefore = before.flatMap { $0 == unknownParent || $0.isEmpty ? nil : $0 }
        var previous = isComplete ? (knownBefore ?? unknownParent) : unknownParent
        var result: [Commit] = []
        for commit in pushed {
            var parents = [previous]
            // A merge made on the branch has the old tip as its first parent and the merged
            // work (listed just before it) as its second.
            if let message = commit.message, message.hasPrefix("Merge "), let knownBefore, knownBefore != previous, isComplete {
                parents = [knownBefore, previous]
            }
            previous = commit.sha
            guard commit.isDistinct else { continue }
            result.append(Commit(
                key: key(commit.sha), repository: repository, sha: commit.sha, parents: parents,
                authoredAt: commit.at, committedAt: commit.at, authorPseudonym: commit.author.map(Pseudonym.of),
                message: commit.message.map { String($0.prefix { $0 != "\n" }) },
                workItemKeys: commit.message.map(WorkItemKeyScanner.keys(in:)) ?? [], files: commit.files
            ))
        }
        return result
    }

    /// A push webhook's commit object (GitHub and GitLab share the shape).
    static func pushed(_ item: FieldReader) throws(EventDecodingError) -> PushedCommit {
        let author = try item.optionalObject("author")
        var files: [String]?
        if item.has("added") || item.has("modified") || item.has("removed") {
            files = try item.strings("added") + item.strings("modified") + item.strings("removed")
        }
        return PushedCommit(
            sha: try item.string("id"), at: try item.date("timestamp"), message: try item.optionalString("message"),
            author: try firstOf(author?.optionalString("email"), author?.optionalString("name")),
            isDistinct: try item.optionalBool("distinct") ?? true, files: files
        )
    }
}
