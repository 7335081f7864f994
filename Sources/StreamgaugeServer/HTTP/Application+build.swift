import Connectors
import EventStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import ValueStreamModel

/// Builds the Streamgauge HTTP application over a store.
public enum StreamgaugeApplication {
    /// The application: routes, the background link refresher, and migrations before start.
    public static func build(
        configuration: StreamgaugeConfiguration, store: any EventStore, logger: Logger = Logger(label: "streamgauge")
    ) -> some ApplicationProtocol {
        let engine = MetricsEngine(store: store, organization: configuration.organization, settings: configuration.metrics)
        let background = BackgroundLinking(engine: engine, logger: logger)
        let router = buildRouter(configuration: configuration, store: store, engine: engine, onIngested: background.signal)
        var app = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "streamgauge"
            ),
            services: [background, AlertService(evaluator: AlertEvaluator(engine: engine, rules: configuration.alertRules), interval: configuration.alertInterval, logger: logger)],
            logger: logger
        )
        app.beforeServerStarts {
            try await store.prepare()
        }
        return app
    }

    /// The routes, for the application and for handler tests.
    public static func buildRouter(
        configuration: StreamgaugeConfiguration, store: any EventStore, engine: MetricsEngine,
        onIngested: @escaping @Sendable () -> Void = {}
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: ServerTimingMiddleware())
        let issuer = TokenIssuer(store: store)
        let auth = configuration.requiresAuthentication
        let telemetry = ServerTelemetry()

        // A load balancer asks often: one small count, not every table's (90 ms at S; M has 20x the rows).
        router.get("/healthz") { _, _ in
            try JSONResponse.make(["status": "ok", "archivedRequests": try await store.archivedRequestCount()])
        }

        let ingest = IngestService(store: store, organization: configuration.organization)
        WebhooksController<BasicRequestContext>(
            ingest: ingest, directory: ConnectionDirectory(configured: configuration.connections, store: store),
            secrets: SecretReader(environment: configuration.environment), maxBodyBytes: configuration.maxBodyBytes,
            onIngested: onIngested, telemetry: telemetry
        ).addRoutes(to: router)

        let ingestGroup = router.group("api/v1").add(middleware: RequireScope(scope: .ingest, issuer: issuer, isEnabled: auth))
        EventsController(
            ingest: ingest,
            maxBodyBytes: configuration.maxBodyBytes, onIngested: onIngested, telemetry: telemetry
        ).addRoutes(to: ingestGroup)

        let experiments = ExperimentsController<BasicRequestContext>(engine: engine)
        experiments.addWriteRoutes(to: ingestGroup)

        let readGroup = router.group("api/v1").add(middleware: RequireScope(scope: .read, issuer: issuer, isEnabled: auth))
        experiments.addReadRoutes(to: readGroup)
        let metrics = MetricsController<BasicRequestContext>(engine: engine, telemetry: telemetry)
        metrics.addRoutes(to: readGroup)
        metrics.addPrometheusRoute(to: router.group().add(middleware: RequireScope(scope: .read, issuer: issuer, isEnabled: auth)))

        let adminGroup = router.group("api/v1").add(middleware: RequireScope(scope: .admin, issuer: issuer, isEnabled: auth))
        adminGroup.post("alerts/evaluate") { _, _ in
            let outcome = try await AlertEvaluator(engine: engine, rules: configuration.alertRules).run()
            return try JSONResponse.make(["raised": outcome.raised, "delivered": outcome.delivered, "pending": outcome.pending])
        }
        readGroup.get("alerts") { _, _ in
            let items = try await store.notifications().map { notification -> [String: Any] in
                var item: [String: Any] = ["key": notification.key, "rule": notification.rule, "attempts": notification.attempts,
                                           "raisedAt": RFC3339.string(from: notification.createdAt)]
                item["sentAt"] = notification.sentAt.map(RFC3339.string(from:))
                return item
            }
            return try JSONResponse.make(["notifications": items])
        }

        PagesController(engine: engine, isLocalOnly: !auth).addRoutes(to: router)
        return router
    }
}

/// Relinks services soon after ingest, so that reports find their facts ready. Reports relink
/// what is still stale themselves, so this only moves the work off the read path.
struct BackgroundLinking: Service {
    let engine: MetricsEngine
    let logger: Logger
    private let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let signals = SignalCount()
    /// Quiet time that ends a burst of ingests, and the longest a burst may delay relinking.
    static let settle = Duration.milliseconds(300)
    static let longestDelay = Duration.seconds(5)
    /// Under a steady stream of batches, relinking may take at most about a fifth of the time:
    /// the wait before the next one is at least this many times as long as the last one took.
    static let quietShare = 4

    init(engine: MetricsEngine, logger: Logger) {
        self.engine = engine
        self.logger = logger
        (wakeups, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a refresh; many signals while one runs collapse into one more.
    var signal: @Sendable () -> Void {
        { [continuation, signals] in
            signals.count.withLock { $0 += 1 }
            continuation.yield()
        }
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            let clock = ContinuousClock()
            var lastRefresh = Duration.zero
            for await _ in wakeups.cancelOnGracefulShutdown() {
                // Relinking a service reads its whole history: wait until ingest has been quiet
                // for a moment (or the longest delay has passed), so that a stream of batches is
                // linked once rather than after every batch, and so that relinking a large store
                // does not take the time that ingest needs.
                let longest = max(Self.longestDelay, lastRefresh * Self.quietShare)
                let start = clock.now
                while clock.now - start < longest {
                    let seen = signals.count.withLock { $0 }
                    try? await Task.sleep(for: Self.settle)
                    if signals.count.withLock({ $0 }) == seen { break }
                }
                let refreshStart = clock.now
                do {
                    // A shutdown stops relinking between services rather than after all of them.
                    _ = try await cancelWhenGracefulShutdown { [engine] in try await engine.refreshLinks() }
                    lastRefresh = clock.now - refreshStart
                } catch is CancellationError {
                    break
                } catch {
                    logger.warning("background relinking failed; reports will retry", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
    }
}

/// How many times ingest has asked for relinking, shared by the copies of `BackgroundLinking`.
final class SignalCount: Sendable {
    let count = Mutex(0)
}
