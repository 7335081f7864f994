import EventStore
import GRDB
import ValueStreamModel

/// The embedded store's schema, one named migration per change. Never edit a shipped migration:
/// add the next one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-archive-events-facts-tokens") { db in
            try db.execute(sql: """
                CREATE TABLE raw_requests (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    headers TEXT NOT NULL,
                    body BLOB NOT NULL
                );
                -- Every event but commits (the most numerous, kept whole in `commits`).
                CREATE TABLE events (
                    source TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (source, kind, id)
                ) WITHOUT ROWID;
                CREATE TABLE commits (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    repository TEXT NOT NULL,
                    sha TEXT NOT NULL,
                    parents TEXT NOT NULL,
                    authored_at REAL NOT NULL,
                    committed_at REAL NOT NULL,
                    files TEXT,
                    payload BLOB NOT NULL
                );
                -- Rows append in arrival order; only the small key index takes random inserts.
                CREATE UNIQUE INDEX commits_by_key ON commits (source, id);
                CREATE INDEX commits_by_repository ON commits (repository);
                CREATE TABLE pull_requests (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    repository TEXT NOT NULL,
                    PRIMARY KEY (source, id)
                ) WITHOUT ROWID;
                CREATE INDEX pull_requests_by_repository ON pull_requests (repository);
                CREATE TABLE deployments (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    service TEXT NOT NULL,
                    PRIMARY KEY (source, id)
                ) WITHOUT ROWID;
                CREATE INDEX deployments_by_service ON deployments (service);
                CREATE TABLE incident_services (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    service TEXT NOT NULL,
                    opened_at REAL NOT NULL,
                    PRIMARY KEY (source, id, service)
                ) WITHOUT ROWID;
                CREATE INDEX incident_services_by_service ON incident_services (service, opened_at);
                CREATE TABLE service_repositories (
                    service TEXT NOT NULL,
                    repository TEXT NOT NULL,
                    PRIMARY KEY (service, repository)
                ) WITHOUT ROWID;
                CREATE INDEX service_repositories_by_repository ON service_repositories (repository);
                CREATE TABLE stale_services (
                    service TEXT PRIMARY KEY,
                    generation INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE generation_counter (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    value INTEGER NOT NULL
                );
                INSERT INTO generation_counter VALUES (1, 0);
                CREATE TABLE deployment_facts (
                    service TEXT NOT NULL,
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    sha TEXT NOT NULL,
                    finished_at REAL NOT NULL,
                    succeeded INTEGER NOT NULL,
                    is_first INTEGER NOT NULL,
                    change_count INTEGER NOT NULL,
                    lead_times BLOB NOT NULL,
                    negative_lead_times INTEGER NOT NULL,
                    unknown_commits INTEGER NOT NULL,
                    has_linked_change INTEGER NOT NULL,
                    is_rework INTEGER NOT NULL,
                    rolled_back_at REAL,
                    PRIMARY KEY (service, finished_at, source, id)
                ) WITHOUT ROWID;
                CREATE TABLE attributions (
                    incident_source TEXT NOT NULL,
                    incident_id TEXT NOT NULL,
                    deployment_source TEXT NOT NULL,
                    deployment_id TEXT NOT NULL,
                    service TEXT NOT NULL,
                    deployment_finished_at REAL NOT NULL,
                    method TEXT NOT NULL
                );
                CREATE INDEX attributions_by_deployment ON attributions (service, deployment_finished_at);
                CREATE INDEX attributions_by_incident ON attributions (incident_source, incident_id);
                CREATE TABLE access_tokens (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    secret_hash TEXT NOT NULL UNIQUE,
                    scopes TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    is_revoked INTEGER NOT NULL DEFAULT 0
                );
                """)
        }
        migrator.registerMigration("v2-import-checkpoints") { db in
            try db.execute(sql: "CREATE TABLE checkpoints (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        }
        migrator.registerMigration("v3-webhook-deliveries-connections") { db in
            try db.execute(sql: """
                ALTER TABLE raw_requests ADD COLUMN delivery_key TEXT;
                CREATE UNIQUE INDEX raw_requests_by_delivery ON raw_requests (delivery_key) WHERE delivery_key IS NOT NULL;
                CREATE TABLE connections (name TEXT PRIMARY KEY, definition TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4-events-by-kind") { db in
            try db.execute(sql: "CREATE INDEX events_by_kind ON events (kind)")
        }
        migrator.registerMigration("v5-experiments-notifications") { db in
            try db.execute(sql: """
                CREATE TABLE experiments (id TEXT PRIMARY KEY, created_at REAL NOT NULL, definition TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE alert_notifications (key TEXT PRIMARY KEY, created_at REAL NOT NULL, definition TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v6-commit-work-item-keys") { db in
            // Flow links work items to commits by the keys in their messages: history reads
            // them from a column, filled here from the stored payloads.
            try db.execute(sql: "ALTER TABLE commits ADD COLUMN work_item_keys TEXT")
            let rows = try Row.fetchCursor(db, sql: "SELECT rowid, payload FROM commits")
            let update = try db.makeStatement(sql: "UPDATE commits SET work_item_keys = ? WHERE rowid = ?")
            while let row = try rows.next() {
                guard case .commit(let commit) = try EventPayload.decode(row["payload"]), !commit.workItemKeys.isEmpty else { continue }
                try update.execute(arguments: [commit.workItemKeys.joined(separator: " "), row["rowid"] as Int64])
            }
        }
        migrator.registerMigration("v7-known-services") { db in
            // Every report asks which services exist; a table kept by triggers answers without
            // scanning every deployment.
            try db.execute(sql: """
                CREATE TABLE known_services (service TEXT PRIMARY KEY) WITHOUT ROWID;
                INSERT OR IGNORE INTO known_services
                    SELECT service FROM deployments UNION SELECT service FROM incident_services
                    UNION SELECT service FROM service_repositories;
                CREATE TRIGGER known_service_of_deployment AFTER INSERT ON deployments
                    BEGIN INSERT OR IGNORE INTO known_services VALUES (NEW.service); END;
                CREATE TRIGGER known_service_of_incident AFTER INSERT ON incident_services
                    BEGIN INSERT OR IGNORE INTO known_services VALUES (NEW.service); END;
                CREATE TRIGGER known_service_of_repository AFTER INSERT ON service_repositories
                    BEGIN INSERT OR IGNORE INTO known_services VALUES (NEW.service); END;
                """)
        }
        migrator.registerMigration("v8-events-in-arrival-order") { db in
            // Events other than commits were kept in their key's order (a WITHOUT ROWID table),
            // with a second index by kind: at a thousand services every request inserted rows
            // of a few hundred bytes at thousands of places across both, each a page written to
            // the log. Rows now append in arrival order, like commits; one index of small
            // entries holds the key, kind first so that reading a kind in key order is a range.
            try db.execute(sql: """
                CREATE TABLE events_in_arrival_order (
                    source TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    payload BLOB NOT NULL
                );
                INSERT INTO events_in_arrival_order (source, kind, id, payload)
                    SELECT source, kind, id, payload FROM events;
                DROP TABLE events;
                ALTER TABLE events_in_arrival_order RENAME TO events;
                CREATE UNIQUE INDEX events_by_key ON events (kind, source, id);
                """)
        }
        migrator.registerMigration("v9-deployment-days") { db in
            // A report over whole days reads one row per service and day instead of every fact
            // (`DeploymentDay`), and only the rolled-back facts of those days, by a partial index.
            try db.execute(sql: """
                CREATE TABLE deployment_days (
                    service TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    successes INTEGER NOT NULL,
                    failed_attempts INTEGER NOT NULL,
                    rework INTEGER NOT NULL,
                    negative_lead_times INTEGER NOT NULL,
                    unknown_commits INTEGER NOT NULL,
                    without_linked_change INTEGER NOT NULL,
                    lead_times BLOB NOT NULL,
                    batch_sizes BLOB NOT NULL,
                    PRIMARY KEY (service, day)
                ) WITHOUT ROWID;
                CREATE INDEX deployment_facts_rolled_back ON deployment_facts (service, finished_at)
                    WHERE rolled_back_at IS NOT NULL;
                """)
            // Stores linked before: their days are summed from the facts kept.
            for service in try String.fetchAll(db, sql: "SELECT DISTINCT service FROM deployment_facts") {
                let days = DeploymentDay.days(of: try SQLiteEventStore.facts(of: service, in: db))
                try SQLiteEventStore.saveDays(days, of: service, in: db)
            }
        }
        migrator.registerMigration("v10-commit-key-hashes") { db in
            // The commits' key index held each key's text (50-odd bytes, inserted at random
            // places by an import): it now holds a 64-bit hash of it (`CommitKeyHash`).
            let hash = DatabaseFunction(CommitKeyHash.sqlFunctionName, argumentCount: 2, pure: true) { values in
                guard let source = String.fromDatabaseValue(values[0]), let id = String.fromDatabaseValue(values[1]) else { return nil }
                return CommitKeyHash.of(source: source, id: id)
            }
            db.add(function: hash)
            defer { db.remove(function: hash) }
            try db.execute(sql: """
                ALTER TABLE commits ADD COLUMN key_hash INTEGER NOT NULL DEFAULT 0;
                UPDATE commits SET key_hash = \(CommitKeyHash.sqlFunctionName)(source, id);
                DROP INDEX commits_by_key;
                CREATE INDEX commits_by_key_hash ON commits (key_hash);
                """)
        }
        return migrator
    }
}
