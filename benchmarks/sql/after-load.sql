-- Run once after the bulk load: the indexes the questions need, and the commit graph's edges in
-- one table (a commit's parents, and a merged pull request's own commits when its merge commit
-- is known: squash and rebase merges), so that a walk step is one index lookup.
CREATE TABLE commit_edges AS
    SELECT repository, sha, parent AS next_sha FROM commit_parents
    UNION ALL
    SELECT p.repository, p.merge_sha, p.sha FROM pull_request_commits p
    WHERE EXISTS (SELECT 1 FROM commits c WHERE c.repository = p.repository AND c.sha = p.merge_sha);
CREATE INDEX commit_edges_by_sha ON commit_edges (repository, sha);
CREATE INDEX deployments_by_service_time ON deployments (service, finished_at);
CREATE INDEX deployments_by_service_sha ON deployments (service, sha);
CREATE INDEX incidents_by_key ON incidents (source, id);
CREATE INDEX incident_services_by_service ON incident_services (service);
CREATE INDEX incident_services_by_incident ON incident_services (incident_source, incident_id);
CREATE INDEX service_repositories_by_service ON service_repositories (service);
