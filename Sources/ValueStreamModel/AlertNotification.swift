import Foundation

/// An alert to send once: a rule's signal (a point beyond the control limits, a run, a crossed
/// threshold, a stale source), its message, and whether it has been delivered.
public struct AlertNotification: Sendable, Hashable, Codable {
    /// Rule and signal, e.g. `lead-time-payments:week-2026-03-02:above-limit`; the receiver's
    /// idempotency key too.
    public var key: String
    public var rule: String
    /// The JSON body sent.
    public var payload: String
    public var attempts: Int
    public var lastAttemptAt: Date?
    public var sentAt: Date?
    public var createdAt: Date

    public init(key: String, rule: String, payload: String, attempts: Int = 0, lastAttemptAt: Date? = nil, sentAt: Date? = nil, createdAt: Date) {
        self.key = key
        self.rule = rule
        self.payload = payload
        self.attempts = attempts
        self.lastAttemptAt = lastAttemptAt
        self.sentAt = sentAt
        self.createdAt = createdAt
    }
}
