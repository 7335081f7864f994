import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ValueStreamModel

/// Posts a notification to its rule's webhook, retrying with exponential backoff; each request
/// carries the notification's key as `Idempotency-Key`, so a receiver can drop a repeat.
public struct AlertSender: Sendable {
    public var attempts: Int
    public var backoff: Duration

    public init(attempts: Int = 3, backoff: Duration = .seconds(1)) {
        self.attempts = attempts
        self.backoff = backoff
    }

    public func deliver(_ notification: AlertNotification, to rule: AlertRule) async -> (delivered: Bool, attempts: Int) {
        guard let url = URL(string: rule.webhook) else { return (false, 0) }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(notification.payload.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(notification.key, forHTTPHeaderField: "Idempotency-Key")
        request.timeoutInterval = 10
        var delay = backoff
        for attempt in 1...max(attempts, 1) {
            if let (_, response) = try? await URLSession.shared.data(for: request),
               let status = (response as? HTTPURLResponse)?.statusCode, (200..<300).contains(status) {
                return (true, attempt)
            }
            if attempt < attempts {
                try? await Task.sleep(for: delay)
                delay = delay * 2
            }
        }
        return (false, max(attempts, 1))
    }
}
