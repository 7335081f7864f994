import Foundation

/// The outcome of a pipeline run.
public enum PipelineResult: String, Sendable, Codable, CaseIterable {
    case success, failure, cancelled, running
}

/// One run of a CI/CD pipeline.
public struct PipelineRun: Sendable, Hashable, Codable {
    public var key: EventKey
    public var repository: String?
    public var service: String?
    public var pipeline: String
    public var sha: String
    public var queuedAt: Date?
    public var startedAt: Date
    public var finishedAt: Date?
    public var result: PipelineResult

    public init(
        key: EventKey, repository: String?, service: String?, pipeline: String, sha: String,
        queuedAt: Date? = nil, startedAt: Date, finishedAt: Date? = nil, result: PipelineResult
    ) {
        self.key = key
        self.repository = repository
        self.service = service
        self.pipeline = pipeline
        self.sha = sha
        self.queuedAt = queuedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.result = result
    }
}
