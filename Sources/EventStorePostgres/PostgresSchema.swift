import Logging
import PostgresNIO

/// The PostgreSQL store's schema, one named migration per change, recorded in
/// `streamgauge_migrations`. Never edit a shipped migration: add the next one.
enum PostgresSchema {
    static let migrations: [(name: String, sql: [String])] = [
        ("v1-archive-events-facts", [
            """
            CREATE TABLE raw_requests (
                sequence BIGSERIAL PRIMARY KEY, channel TEXT NOT NULL, received_at DOUBLE PRECISION NOT NULL,
                headers TEXT NOT NULL, body BYTEA NOT NULL, delivery_key TEXT UNIQUE
            )
            """,
            "CREATE TABLE events (source TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, payload BYTEA NOT NULL, PRIMARY KEY (source, kind, id))",
            "CREATE INDEX events_by_kind ON events (kind)",
            "CREATE TABLE commits (source TEXT NOT NULL, id TEXT NOT NULL, repository TEXT NOT NULL, payload BYTEA NOT NULL, PRIMARY KEY (source, id))",
            "CREATE INDEX commits_by_repository ON commits (repository)",
            "CREATE TABLE pull_requests (source TEXT NOT NULL, id TEXT NOT NULL, repository TEXT NOT NULL, PRIMARY KEY (source, id))",
            "CREATE INDEX pull_requests_by_repository ON pull_requests (repository)",
            "CREATE TABLE deployments (source TEXT NOT NULL, id TEXT NOT NULL, service TEXT NOT NULL, PRIMARY KEY (source, id))",
            "CREATE INDEX deployments_by_service ON deployments (service)",
            """
            CREATE TABLE incident_services (
                source TEXT NOT NULL, id TEXT NOT NULL, service TEXT NOT NULL, opened_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (source, id, service)
            )
            """,
            "CREATE INDEX incident_services_by_service ON incident_services (service, opened_at)",
            "CREATE TABLE service_repositories (service TEXT NOT NULL, repository TEXT NOT NULL, PRIMARY KEY (service, repository))",
            "CREATE INDEX service_repositories_by_repository ON service_repositories (repository)",
            "CREATE TABLE stale_services (service TEXT PRIMARY KEY, generation BIGINT NOT NULL)",
            "CREATE SEQUENCE stale_generation",
            """
            CREATE TABLE deployment_facts (
                service TEXT NOT NULL, source TEXT NOT NULL, id TEXT NOT NULL, sha TEXT NOT NULL,
                finished_at DOUBLE PRECISION NOT NULL, succeeded BOOLEAN NOT NULL, is_first BOOLEAN NOT NULL,
                change_count BIGINT NOT NULL, lead_times BYTEA NOT NULL, negative_lead_times BIGINT NOT NULL,
                unknown_commits BIGINT NOT NULL, has_linked_change BOOLEAN NOT NULL, is_rework BOOLEAN NOT NULL,
                rolled_back_at DOUBLE PRECISION, PRIMARY KEY (service, finished_at, source, id)
            )
            """,
            """
            CREATE TABLE attributions (
                incident_source TEXT NOT NULL, incident_id TEXT NOT NULL, deployment_source TEXT NOT NULL,
                deployment_id TEXT NOT NULL, service TEXT NOT NULL, deployment_finished_at DOUBLE PRECISION NOT NULL, method TEXT NOT NULL
            )
            """,
            "CREATE INDEX attributions_by_deployment ON attributions (service, deployment_finished_at)",
            "CREATE INDEX attributions_by_incident ON attributions (incident_source, incident_id)",
            """
            CREATE TABLE access_tokens (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, scopes TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, is_revoked BOOLEAN NOT NULL DEFAULT FALSE
            )
            """,
            "CREATE TABLE checkpoints (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE connections (name TEXT PRIMARY KEY, definition TEXT NOT NULL)",
            "CREATE TABLE experiments (id TEXT PRIMARY KEY, created_at DOUBLE PRECISION NOT NULL, definition TEXT NOT NULL)",
            "CREATE TABLE alert_notifications (key TEXT PRIMARY KEY, created_at DOUBLE PRECISION NOT NULL, definition TEXT NOT NULL)",
        ]),
    ]

    /// Applies the migrations not applied yet, under a lock so that instances starting together
    /// migrate once.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7402118)", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS streamgauge_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM streamgauge_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO streamgauge_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }
}
