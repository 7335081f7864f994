import Foundation
import Logging
import ServiceLifecycle

/// Runs the alert rules every `interval` while the server runs (and idles without rules: a
/// service that returned would stop the server).
struct AlertService: Service {
    let evaluator: AlertEvaluator
    let interval: Duration
    let logger: Logger

    func run() async throws {
        guard !evaluator.rules.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully {
            do {
                let outcome = try await evaluator.run()
                if outcome.raised + outcome.delivered + outcome.pending > 0 {
                    logger.info("alerts", metadata: ["raised": "\(outcome.raised)", "delivered": "\(outcome.delivered)", "pending": "\(outcome.pending)"])
                }
            } catch {
                logger.warning("alert evaluation failed; will retry", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
