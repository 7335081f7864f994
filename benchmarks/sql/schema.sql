-- The peers' tables: the native events of shared/docs/EVENTS.md as a user would load them into
-- SQLite, PostgreSQL or DuckDB to answer DORA questions with SQL, with the indexes those
-- questions need (after-load.sql). Times are seconds since 1970 (UTC); flags are 0 or 1;
-- environment names are lower case (METRICS.md matches them without case).

CREATE TABLE service_repositories (service TEXT NOT NULL, repository TEXT NOT NULL);
CREATE TABLE service_teams (service TEXT NOT NULL, team TEXT NOT NULL);

CREATE TABLE commits (
    repository TEXT NOT NULL, sha TEXT NOT NULL, authored_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (repository, sha)
);
CREATE TABLE commit_parents (repository TEXT NOT NULL, sha TEXT NOT NULL, parent TEXT NOT NULL);
-- A merged pull request's own commits, for squash and rebase merges.
CREATE TABLE pull_request_commits (repository TEXT NOT NULL, merge_sha TEXT NOT NULL, sha TEXT NOT NULL);

CREATE TABLE deployments (
    source TEXT NOT NULL, id TEXT NOT NULL, service TEXT NOT NULL, environment TEXT NOT NULL,
    result TEXT NOT NULL, sha TEXT NOT NULL, finished_at DOUBLE PRECISION NOT NULL,
    rollback_of TEXT, is_rework INTEGER NOT NULL
);
CREATE TABLE incidents (
    source TEXT NOT NULL, id TEXT NOT NULL, opened_at DOUBLE PRECISION NOT NULL,
    resolved_at DOUBLE PRECISION, caused_by_deployment TEXT, caused_by_sha TEXT
);
CREATE TABLE incident_services (incident_source TEXT NOT NULL, incident_id TEXT NOT NULL, service TEXT NOT NULL);
