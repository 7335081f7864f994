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

    def busiest_service(self, window):
        """The service with the most production deployments finishing in the window (by name on a
        tie): question 1 asks about it, so that one service's report is timed on real work (at M,
        the first service configured has no deployment in the last 90 days)."""
        start, end = window
        counts = {}
        with open(os.path.join(self.tables, "deployments.tsv")) as handle:
            for line in handle:
                fields = line.split("\t")
                if fields[3] == "production" and start <= float(fields[6]) < end:
                    counts[fields[2]] = counts.get(fields[2], 0) + 1
        return min(counts, key=lambda service: (-counts[service], service))

    def _write_tables(self):
        """One streaming pass over the events. Commits (the bulk, never sent twice by the
        generator) are written as they come; for the other kinds a later event with the same key
        replaces an earlier one, as the native ingest does, keeping only the fields the tables
        need so that memory stays bounded at scale M."""
        outputs = {name: open(os.path.join(self.tables, f"{name}.tsv"), "w") for name in TABLES}
        counts = {name: 0 for name in TABLES}

        def write(name, row):
            outputs[name].write("\t".join(row) + "\n")
            counts[name] += 1

        deployments, incidents, merges = {}, {}, {}
        count = 0
        with open(self.events) as handle:
            for line in handle:
                event = json.loads(line)
                count += 1
                kind = event["kind"]
                if kind == "commit":
                    repository, sha = event["repository"], event["sha"]
                    write("commits", (repository, sha, repr(seconds(event["authoredAt"]))))
                    for parent in event.get("parents", []):
                        write("commit_parents", (repository, sha, parent))
                elif kind == "deployment":
                    rework = event.get("rollbackOf") is not None or event.get("rollsBackPrevious", False) or bool(event.get("remediates"))
                    deployments[(event["source"], event["id"])] = (
                        event["service"], event["environment"].lower(), event["result"], event["sha"],
                        repr(seconds(event["finishedAt"])), event.get("rollbackOf") or NULL, "1" if rework else "0")
                elif kind == "incident":
                    cause = event.get("causedBy") or {}
                    services = set(event.get("services") or []) | ({event["service"]} if event.get("service") else set())
                    incidents[(event["source"], event["id"])] = (
                        repr(seconds(event["openedAt"])),
                        repr(seconds(event["resolvedAt"])) if event.get("resolvedAt") else NULL,
                        cause.get("deployment") or NULL, cause.get("sha") or NULL, tuple(sorted(services)))
                elif kind == "pull_request":
                    merge = event.get("mergeCommitSha")
                    merges[(event["source"], event["id"])] = (event["repository"], merge, tuple(event.get("commits", []))) if merge else None
        for service in self.organization():
            for repository in service["repositories"]:
                write("service_repositories", (service["name"], repository))
            if service["team"]:
                write("service_teams", (service["name"], service["team"]))
        for merge in merges.values():
            if merge:
                repository, merge_sha, commits = merge
                for sha in commits:
                    write("pull_request_commits", (repository, merge_sha, sha))
        for (source, identifier), fields in deployments.items():
            service, environment, result, sha, finished, rollback_of, rework = fields
            write("deployments", (source, identifier, service, environment, result, sha, finished, rollback_of, rework))
        for (source, identifier), (opened, resolved, by_deployment, by_sha, services) in incidents.items():
            write("incidents", (source, identifier, opened, resolved, by_deployment, by_sha))
            for service in services:
                write("incident_services", (source, identifier, service))
        for output in outputs.values():
            output.close()
        counts["events"] = count
        return counts
