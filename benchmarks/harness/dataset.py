"""The benchmark's data: a generated organisation (`streamgauge generate`), cached by scale and
seed, and the same events as tab-separated tables for the peers (benchmarks/sql/schema.sql)."""

import json
import os
import subprocess
from datetime import datetime

NULL = "\\N"
TABLES = {
    "service_repositories": ["service", "repository"],
    "service_teams": ["service", "team"],
    "commits": ["repository", "sha", "authored_at"],
    "commit_parents": ["repository", "sha", "parent"],
    "pull_request_commits": ["repository", "merge_sha", "sha"],
    "deployments": ["source", "id", "service", "environment", "result", "sha", "finished_at", "rollback_of", "is_rework"],
    "incidents": ["source", "id", "opened_at", "resolved_at", "caused_by_deployment", "caused_by_sha"],
    "incident_services": ["incident_source", "incident_id", "service"],
}


def seconds(text):
    """Seconds since 1970 of an RFC 3339 time (milliseconds kept exactly)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Dataset:
    """A generated organisation on disk: events.ndjson, organization.yaml and tables/*.tsv."""

    def __init__(self, root, scale, seed):
        self.scale = scale
        self.seed = seed
        self.directory = os.path.join(root, "data", f"{scale}-seed{seed}")
        self.events = os.path.join(self.directory, "events.ndjson")
        self.configuration = os.path.join(self.directory, "organization.yaml")
        self.tables = os.path.join(self.directory, "tables")

    def ensure(self, binary, say):
        """Generates the events and tables unless a previous run left them (the cache)."""
        marker = os.path.join(self.directory, "complete.json")
        if os.path.exists(marker):
            say(f"data: cached in {self.directory}")
            return
        os.makedirs(self.tables, exist_ok=True)
        say(f"data: generating scale {self.scale}, seed {self.seed} (once; cached afterwards)")
        subprocess.run([binary, "generate", "--scale", self.scale, "--seed", str(self.seed), "--output", self.events,
                        "--config-output", self.configuration], check=True, stdout=subprocess.DEVNULL)
        counts = self._write_tables()
        with open(marker, "w") as handle:
            json.dump(counts, handle)

    def event_count(self):
        with open(os.path.join(self.directory, "complete.json")) as handle:
            return json.load(handle)["events"]

    def organization(self):
        """Services with their team and repositories, read from the generated configuration."""
        services, current, section = [], None, None
        with open(self.configuration) as handle:
            for raw in handle:
                line = raw.rstrip("\n")
                if not line.startswith(" "):
                    section = line.rstrip(":")
                    continue
                text = line.strip()
                if section != "services":
                    continue
                if text.startswith("- name: "):
                    current = {"name": text[len("- name: "):], "team": None, "repositories": []}
                    services.append(current)
                elif text.startswith("team: "):
                    current["team"] = text[len("team: "):]
                elif text.startswith("- ") and current is not None:
                    current["repositories"].append(text[2:])
        return services

    def _write_tables(self):
        """One pass over the events; a later event with the same key replaces an earlier one, as
        the native ingest does."""
        commits, parents, deployments, incidents, pulls = {}, {}, {}, {}, {}
        count = 0
        with open(self.events) as handle:
            for line in handle:
                event = json.loads(line)
                count += 1
                kind = event["kind"]
                if kind == "commit":
                    key = (event["repository"], event["sha"])
                    commits[key] = seconds(event["authoredAt"])
                    parents[key] = event.get("parents", [])
                elif kind == "deployment":
                    deployments[(event["source"], event["id"])] = event
                elif kind == "incident":
                    incidents[(event["source"], event["id"])] = event
                elif kind == "pull_request":
                    pulls[(event["source"], event["id"])] = event
        rows = {name: [] for name in TABLES}
        for service in self.organization():
            for repository in service["repositories"]:
                rows["service_repositories"].append((service["name"], repository))
            if service["team"]:
                rows["service_teams"].append((service["name"], service["team"]))
        for (repository, sha), authored in commits.items():
            rows["commits"].append((repository, sha, repr(authored)))
            for parent in parents[(repository, sha)]:
                rows["commit_parents"].append((repository, sha, parent))
        for event in pulls.values():
            if event.get("mergeCommitSha"):
                for sha in event.get("commits", []):
                    rows["pull_request_commits"].append((event["repository"], event["mergeCommitSha"], sha))
        for (source, identifier), event in deployments.items():
            rework = event.get("rollbackOf") is not None or event.get("rollsBackPrevious", False) or bool(event.get("remediates"))
            rows["deployments"].append((
                source, identifier, event["service"], event["environment"].lower(), event["result"],
                event["sha"], repr(seconds(event["finishedAt"])), event.get("rollbackOf") or NULL, "1" if rework else "0"))
        for (source, identifier), event in incidents.items():
            cause = event.get("causedBy") or {}
            rows["incidents"].append((
                source, identifier, repr(seconds(event["openedAt"])),
                repr(seconds(event["resolvedAt"])) if event.get("resolvedAt") else NULL,
                cause.get("deployment") or NULL, cause.get("sha") or NULL))
            services = set(event.get("services") or []) | ({event["service"]} if event.get("service") else set())
            for service in sorted(services):
                rows["incident_services"].append((source, identifier, service))
        for name, table in rows.items():
            with open(os.path.join(self.tables, f"{name}.tsv"), "w") as out:
                for row in table:
                    out.write("\t".join(row) + "\n")
        counts = {name: len(table) for name, table in rows.items()}
        counts["events"] = count
        return counts
