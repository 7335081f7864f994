-- The DORA report of shared/docs/METRICS.md for every (scope, window) pair, in SQL over the
-- raw events of schema.sql. One text for SQLite, PostgreSQL and DuckDB: the harness replaces
-- @SCOPE_SERVICES@ and @WINDOWS@ with VALUES rows and PERCENTILE(expr, p) with the engine's
-- linear-interpolation percentile (numpy's default, as METRICS.md asks), and runs the
-- statements in order, timed together. Two temporary tables hold the successful deployments
-- and the commit-graph walk, so that PostgreSQL's planner knows their sizes (it cannot estimate
-- a common table expression's), and are dropped at the end.

-- Successful production deployments of the scope's services, and of the services that share
-- an incident with them (an incident is blamed on the best candidate among all its services).
CREATE TEMPORARY TABLE q_successes AS
WITH
scope_services (scope, service) AS (VALUES @SCOPE_SERVICES@),
linked_services AS (
    SELECT service FROM scope_services
    UNION
    SELECT other.service
    FROM scope_services ss
    JOIN incident_services mine ON mine.service = ss.service
    JOIN incident_services other ON other.incident_source = mine.incident_source AND other.incident_id = mine.incident_id
)
SELECT d.*, row_number() OVER (PARTITION BY service ORDER BY finished_at, source, id) AS position
FROM deployments d
WHERE environment IN ('production', 'prod', 'prd', 'live') AND result = 'success'
  AND service IN (SELECT service FROM linked_services);

-- Every successful deployment walks the commit graph from its sha (parents, and a merged pull
-- request's own commits). A walk stops below the sha of an earlier deployment of the service:
-- everything there was shipped already, so the stop only drops labels that cannot be the first.
-- A commit (or an unknown sha) counts once, at the first deployment that reached it.
CREATE TEMPORARY TABLE q_shipped AS
WITH RECURSIVE
walk (service, sha, deployed_at, deployment_source, deployment_id) AS (
    SELECT service, sha, finished_at, source, id FROM q_successes
    UNION
    SELECT w.service, e.next_sha, w.deployed_at, w.deployment_source, w.deployment_id
    FROM walk w
    JOIN service_repositories sr ON sr.service = w.service
    JOIN commit_edges e ON e.repository = sr.repository AND e.sha = w.sha
    WHERE NOT EXISTS (
        SELECT 1 FROM deployments earlier
        WHERE earlier.service = w.service AND earlier.sha = w.sha AND earlier.result = 'success'
          AND earlier.environment IN ('production', 'prod', 'prd', 'live')
          AND (earlier.finished_at < w.deployed_at
               OR (earlier.finished_at = w.deployed_at
                   AND (earlier.source < w.deployment_source
                        OR (earlier.source = w.deployment_source AND earlier.id < w.deployment_id))))
    )
)
SELECT service, sha, deployment_source, deployment_id FROM (
    SELECT w.*, row_number() OVER (
        PARTITION BY service, sha ORDER BY deployed_at, deployment_source, deployment_id
    ) AS rank_for_sha
    FROM walk w
) ranked WHERE rank_for_sha = 1;

ANALYZE_TEMPORARY_TABLES;

WITH
scope_services (scope, service) AS (VALUES @SCOPE_SERVICES@),
window_bounds (window_from, window_to) AS (VALUES @WINDOWS@),
windows AS (
    SELECT CAST(window_from AS DOUBLE PRECISION) AS window_from, CAST(window_to AS DOUBLE PRECISION) AS window_to
    FROM window_bounds
),
changes AS (
    SELECT s.service, s.deployment_source, s.deployment_id, d.finished_at AS deployed_at,
           d.finished_at - c.authored_at AS lead_seconds, d.position
    FROM q_shipped s
    JOIN q_successes d ON d.service = s.service AND d.source = s.deployment_source AND d.id = s.deployment_id
    JOIN service_repositories sr ON sr.service = s.service
    JOIN commits c ON c.repository = sr.repository AND c.sha = s.sha
),
change_counts AS (
    SELECT service, deployment_source, deployment_id, count(*) AS change_count
    FROM changes GROUP BY service, deployment_source, deployment_id
),
rollbacks AS (
    SELECT target.service, target.source, target.id, max(rollback.finished_at) AS rolled_back_at
    FROM q_successes target
    JOIN q_successes rollback ON rollback.service = target.service AND rollback.rollback_of = target.id
    WHERE NOT (rollback.source = target.source AND rollback.id = target.id)
    GROUP BY target.service, target.source, target.id
),
-- Attribution candidates, one per (incident, service) by the first rule that applies.
incident_links AS (
    SELECT i.source AS incident_source, i.id AS incident_id, s.service, i.opened_at,
           i.caused_by_deployment, i.caused_by_sha
    FROM incidents i
    JOIN incident_services s ON s.incident_source = i.source AND s.incident_id = i.id
    WHERE s.service IN (SELECT service FROM q_successes)
),
explicit_candidates AS (
    SELECT l.incident_source, l.incident_id, d.service, d.source AS deployment_source, d.id AS deployment_id,
           d.finished_at, 0 AS method
    FROM incident_links l
    JOIN q_successes d ON d.service = l.service AND d.id = l.caused_by_deployment
),
sha_candidates AS (
    SELECT l.incident_source, l.incident_id, d.service, d.source, d.id, d.finished_at, 1 AS method
    FROM incident_links l
    JOIN q_shipped s ON s.service = l.service AND s.sha = l.caused_by_sha
    JOIN q_successes d ON d.service = s.service AND d.source = s.deployment_source AND d.id = s.deployment_id
),
heuristic_candidates AS (
    SELECT l.incident_source, l.incident_id, d.service, d.source, d.id, d.finished_at, 2 AS method
    FROM incident_links l
    JOIN q_successes d ON d.service = l.service
    WHERE d.position = (
              SELECT max(latest.position) FROM q_successes latest
              WHERE latest.service = l.service AND latest.finished_at <= l.opened_at
          )
      AND l.opened_at - d.finished_at <= 86400
      AND NOT EXISTS (SELECT 1 FROM explicit_candidates e
                      WHERE e.incident_source = l.incident_source AND e.incident_id = l.incident_id AND e.service = l.service)
      AND NOT EXISTS (SELECT 1 FROM sha_candidates s
                      WHERE s.incident_source = l.incident_source AND s.incident_id = l.incident_id AND s.service = l.service)
),
candidates AS (
    SELECT * FROM explicit_candidates
    UNION ALL
    SELECT * FROM sha_candidates
    UNION ALL
    SELECT * FROM heuristic_candidates
),
-- Each incident is blamed on its best candidate: the first rule, then the earliest deployment
-- (the latest for the heuristic), then the deployment's key.
blame AS (
    SELECT * FROM (
        SELECT c.*, row_number() OVER (
            PARTITION BY incident_source, incident_id
            ORDER BY method, CASE WHEN method = 2 THEN -finished_at ELSE finished_at END, deployment_source, deployment_id
        ) AS preference
        FROM candidates c
    ) ranked WHERE preference = 1
),
blamed AS (
    SELECT b.service, b.deployment_source, b.deployment_id, count(*) AS incidents,
           sum(CASE WHEN i.resolved_at IS NULL THEN 1 ELSE 0 END) AS unresolved,
           max(i.resolved_at) AS last_resolved_at
    FROM blame b JOIN incidents i ON i.source = b.incident_source AND i.id = b.incident_id
    GROUP BY b.service, b.deployment_source, b.deployment_id
),
-- One row per successful deployment with what the report needs of it.
facts AS (
    SELECT d.service, d.source, d.id, d.finished_at, d.position, d.is_rework,
           coalesce(cc.change_count, 0) AS change_count,
           CASE WHEN b.incidents IS NOT NULL OR r.rolled_back_at IS NOT NULL THEN 1 ELSE 0 END AS failed,
           CASE WHEN coalesce(b.unresolved, 0) > 0 THEN 1 ELSE 0 END AS still_open,
           CASE WHEN b.last_resolved_at IS NULL THEN r.rolled_back_at
                WHEN r.rolled_back_at IS NULL THEN b.last_resolved_at
                WHEN b.last_resolved_at > r.rolled_back_at THEN b.last_resolved_at
                ELSE r.rolled_back_at END - d.finished_at AS recovery_seconds
    FROM q_successes d
    LEFT JOIN change_counts cc ON cc.service = d.service AND cc.deployment_source = d.source AND cc.deployment_id = d.id
    LEFT JOIN rollbacks r ON r.service = d.service AND r.source = d.source AND r.id = d.id
    LEFT JOIN blamed b ON b.service = d.service AND b.deployment_source = d.source AND b.deployment_id = d.id
),
deployment_figures AS (
    SELECT ss.scope, w.window_from,
           count(*) AS deployments,
           sum(f.failed) AS failed,
           sum(CASE WHEN f.failed = 1 AND f.still_open = 1 THEN 1 ELSE 0 END) AS still_open,
           sum(CASE WHEN f.failed = 1 AND f.still_open = 0 AND f.recovery_seconds >= 0 THEN 1 ELSE 0 END) AS recovered,
           PERCENTILE(CASE WHEN f.failed = 1 AND f.still_open = 0 AND f.recovery_seconds >= 0 THEN f.recovery_seconds END, 0.5) AS recovery_p50,
           sum(f.is_rework) AS rework,
           PERCENTILE(CASE WHEN f.position > 1 THEN f.change_count END, 0.5) AS batch_p50
    FROM scope_services ss CROSS JOIN windows w
    JOIN facts f ON f.service = ss.service AND f.finished_at >= w.window_from AND f.finished_at < w.window_to
    GROUP BY ss.scope, w.window_from
),
failed_attempts AS (
    SELECT ss.scope, w.window_from, count(*) AS attempts
    FROM scope_services ss CROSS JOIN windows w
    JOIN deployments p ON p.service = ss.service AND p.result = 'failure'
     AND p.environment IN ('production', 'prod', 'prd', 'live')
     AND p.finished_at >= w.window_from AND p.finished_at < w.window_to
    GROUP BY ss.scope, w.window_from
),
lead_times AS (
    SELECT ss.scope, w.window_from, count(*) AS changes,
           PERCENTILE(c.lead_seconds, 0.5) AS lead_p50, PERCENTILE(c.lead_seconds, 0.85) AS lead_p85
    FROM scope_services ss CROSS JOIN windows w
    JOIN changes c ON c.service = ss.service AND c.position > 1 AND c.lead_seconds >= 0
     AND c.deployed_at >= w.window_from AND c.deployed_at < w.window_to
    GROUP BY ss.scope, w.window_from
),
scope_incidents AS (
    SELECT DISTINCT ss.scope, w.window_from, i.source, i.id, i.resolved_at - i.opened_at AS restore_seconds
    FROM scope_services ss CROSS JOIN windows w
    JOIN incident_services s ON s.service = ss.service
    JOIN incidents i ON i.source = s.incident_source AND i.id = s.incident_id
     AND i.opened_at >= w.window_from AND i.opened_at < w.window_to
),
restore_times AS (
    SELECT scope, window_from, count(*) AS incidents, PERCENTILE(restore_seconds, 0.5) AS restore_p50
    FROM scope_incidents GROUP BY scope, window_from
),
scopes AS (SELECT DISTINCT scope FROM scope_services)
SELECT s.scope, w.window_from, w.window_to,
       coalesce(df.deployments, 0) AS deployments, coalesce(fa.attempts, 0) AS failed_attempts,
       coalesce(lt.changes, 0) AS changes, lt.lead_p50, lt.lead_p85,
       coalesce(df.failed, 0) AS failed, coalesce(df.recovered, 0) AS recovered, coalesce(df.still_open, 0) AS still_open,
       df.recovery_p50, coalesce(df.rework, 0) AS rework,
       coalesce(rt.incidents, 0) AS incidents, rt.restore_p50, df.batch_p50
FROM scopes s CROSS JOIN windows w
LEFT JOIN deployment_figures df ON df.scope = s.scope AND df.window_from = w.window_from
LEFT JOIN failed_attempts fa ON fa.scope = s.scope AND fa.window_from = w.window_from
LEFT JOIN lead_times lt ON lt.scope = s.scope AND lt.window_from = w.window_from
LEFT JOIN restore_times rt ON rt.scope = s.scope AND rt.window_from = w.window_from
ORDER BY s.scope, w.window_from;

DROP TABLE q_successes;
DROP TABLE q_shipped;
