"""benchmarks/run: Streamgauge against SQLite, PostgreSQL and DuckDB on the questions of
shared/docs/BENCHMARK.md, in one run, answers cross-checked before any time counts."""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import answers
import gitimport
from dataset import Dataset, seconds
from streamgauge import Server
from timing import percentile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, ".build", "benchmarks")
SHARED = os.path.join(ROOT, "..", "shared")
GENERATED_END = "2026-07-01T00:00:00Z"  # OrganizationGenerator.defaultEnd
PEERS = ["sqlite", "postgresql", "duckdb"]


def say(text):
    print(text, file=sys.stderr, flush=True)


def parse():
    parser = argparse.ArgumentParser(prog="benchmarks/run", description=__doc__)
    parser.add_argument("--scale", default="S", choices=["S", "M", "L"], help="data scale of BENCHMARK.md (default S)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="the demo organisation and swift-nio's history, debug build: seconds, to keep the harness working")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per question, after one warm-up (at least 5)")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated: " + ", ".join(PEERS))
    parser.add_argument("--skip-import", action="store_true", help="leave question 5 out")
    arguments = parser.parse_args()
    if arguments.runs < 5:
        parser.error("--runs must be at least 5")
    return arguments


def build(quick):
    configuration = "debug" if quick else "release"
    say(f"build: swift build -c {configuration} --product streamgauge")
    built = subprocess.run(["swift", "build", "-c", configuration, "--product", "streamgauge"], cwd=ROOT,
                           capture_output=True, text=True)
    if built.returncode != 0:
        raise SystemExit(built.stdout + built.stderr)
    return os.path.join(ROOT, ".build", configuration, "streamgauge")


def questions(dataset):
    """Questions 1-3 as (scope, service) pairs and windows, with Streamgauge's API path."""
    services = dataset.organization()
    end = seconds(GENERATED_END)
    last90 = [[end - 90 * 86400, end]]
    months = []
    for index in range(24):
        year, month = 2024 + (6 + index) // 12, (6 + index) % 12 + 1
        following_year, following = 2024 + (7 + index) // 12, (7 + index) % 12 + 1
        months.append([seconds(f"{year}-{month:02d}-01T00:00:00Z"), seconds(f"{following_year}-{following:02d}-01T00:00:00Z")])
    first = dataset.busiest_service(last90[0])
    window = "from=2026-04-02&to=2026-07-01"
    return [
        {"id": "one-service", "title": f"1. one service ({first}), 90 days", "path": f"/api/v1/metrics?scope=service&name={first}&{window}",
         "scopeServices": [[first, first]], "windows": last90},
        {"id": "every-service", "title": f"2. every service ({len(services)}), 90 days", "path": f"/api/v1/metrics/all?scope=service&{window}",
         "scopeServices": [[s["name"], s["name"]] for s in services], "windows": last90},
        {"id": "teams-monthly", "title": "3. every team, monthly for two years",
         "path": "/api/v1/metrics/all?scope=team&from=2024-07-01&to=2026-07-01&period=month",
         "scopeServices": [[s["team"], s["name"]] for s in services if s["team"]], "windows": months},
    ]


def streamgauge_rows(body):
    """Rows of one report, of `metrics/all` (`reports`), or of its series (`series`)."""
    if "series" in body:
        return [answers.from_report(report) for entry in body["series"] for report in entry["reports"]]
    return [answers.from_report(report) for report in body.get("reports", [body])]


def summary(question, engine, times, peak, **extra):
    return {"question": question, "engine": engine, "medianMs": round(percentile(times, 0.5), 3),
            "p99Ms": round(percentile(times, 0.99), 3), "peakMiB": None if peak is None else round(peak, 1), **extra}


def run_streamgauge(binary, dataset, asked, runs, results):
    os.makedirs(os.path.join(WORK, "run"), exist_ok=True)
    with open(os.path.join(WORK, "run", "serve.log"), "w") as log:
        server = Server(binary, os.path.join(WORK, "run", "streamgauge.sqlite"), dataset.configuration, log)
        try:
            say(f"4. ingest: {dataset.event_count():,} events over HTTP, batches of 5,000 from 2 clients")
            rate, latencies = server.ingest(dataset.events, batch_size=5000, clients=2)
            results.append(summary("4. ingest over HTTP (durable)", "streamgauge", latencies, None, eventsPerSecond=round(rate)))
            started = time.perf_counter()
            server.get(asked[0]["path"], timeout=4 * 3600)  # waits for the links of everything ingested
            link_seconds = time.perf_counter() - started
            say(f"   {rate:,.0f} events/s; linking afterwards {link_seconds:.1f} s")
            for question in asked:
                body, times, server_times = server.answer(question["path"], runs)
                question["expected"] = streamgauge_rows(body)
                results.append(summary(question["title"], "streamgauge", times, None,
                                       serverMedianMs=round(percentile(server_times, 0.5), 3)))
                say(f"{question['title']}: {percentile(times, 0.5):.2f} ms (server {percentile(server_times, 0.5):.2f} ms)")
            peak = server.peak_mib()
            for result in results:
                if result["engine"] == "streamgauge":
                    result["peakMiB"] = round(peak, 1)
            return link_seconds, peak
        finally:
            server.stop()


def run_peer(engine, dataset, asked, runs, results, python):
    say(f"{engine}: loading and answering")
    path = os.path.join(WORK, "run", f"questions-{engine}.json")
    with open(path, "w") as handle:
        json.dump(asked, handle)
    output = subprocess.run([python, os.path.join(os.path.dirname(__file__), "peers.py"), engine, dataset.tables,
                             os.path.join(WORK, "peers", engine), path, str(runs)], capture_output=True, text=True)
    if output.returncode != 0:
        # Reported, and the run goes on so that what was measured is still written.
        error = " / ".join(output.stderr.strip().splitlines()[-3:]) or f"exit status {output.returncode}"
        say(f"{engine} failed: {error}")
        return {"engine": engine, "error": error}
    answer = json.loads(output.stdout)
    if "mismatch" in answer:
        raise SystemExit(f"{engine} disagrees with Streamgauge on {answer['mismatch']['question']}:\n  "
                         + "\n  ".join(answer["mismatch"]["differences"]))
    results.append(summary("load (bulk, indexes)", engine, [answer["loadSeconds"] * 1000], answer["peakMiB"]))
    for question in asked:
        if question["id"] not in answer["questions"]:
            break
        times = answer["questions"][question["id"]]["times"]
        results.append(summary(question["title"], engine, times, answer["peakMiB"]))
        say(f"   {question['title']}: {percentile(times, 0.5):.1f} ms")
    failure = answer.get("failure")
    if not failure:
        return None
    # The question it could not answer: no time, but how long it tried, and its own error.
    title = next(question["title"] for question in asked if question["id"] == failure["question"])
    results.append({"question": title, "engine": engine, "medianMs": None, "p99Ms": None, "peakMiB": answer["peakMiB"],
                    "error": failure["error"], "failedAfterMs": failure["afterSeconds"] * 1000})
    say(f"   {title}: no answer after {failure['afterSeconds']:.0f} s: {failure['error']}")
    return {"engine": engine, "question": title, "error": failure["error"]}


def print_table(results):
    print(f"\n{'question':<44} {'engine':<12} {'median ms':>11} {'p99 ms':>10} {'peak MiB':>9}  compared")
    by_question = {}
    for result in results:
        by_question.setdefault(result["question"], []).append(result)
    for question, rows in by_question.items():
        ours = next((row for row in rows if row["engine"] == "streamgauge"), None)
        for row in rows:
            if row["medianMs"] is None:
                print(f"{question:<44} {row['engine']:<12} {'-':>11} {'-':>10} {'':>9}  no answer after "
                      f"{row['failedAfterMs'] / 1000:.0f} s: {row['error']}")
                continue
            compared = ""
            if "speedOfGitLog" in row:
                compared = f"{row['speedOfGitLog']:.2f} of git log's speed"
            elif "eventsPerSecond" in row:
                compared = f"{row['eventsPerSecond']:,} events/s; per batch of 5,000"
            elif ours and row is not ours and row["engine"] != "git log":
                compared = f"{row['medianMs'] / ours['medianMs']:.1f}x Streamgauge's time"
            elif "serverMedianMs" in row:
                compared = f"server-side {row['serverMedianMs']:.2f} ms"
            peak = "" if row["peakMiB"] is None else f"{row['peakMiB']:.0f}"
            print(f"{question:<44} {row['engine']:<12} {row['medianMs']:>11.2f} {row['p99Ms']:>10.2f} {peak:>9}  {compared}")


def goals(results):
    """The goals of the benchmark issue, as measured in this run."""
    def find(prefix, engine):
        return [row for row in results if row["question"].startswith(prefix) and row["engine"] == engine]

    found = {}
    ours = find("2.", "streamgauge")
    peers = [row for row in results if row["question"].startswith("2.") and row["engine"] != "streamgauge"
             and row["medianMs"] is not None]
    if ours and peers:
        fastest = min(peers, key=lambda row: row["medianMs"])
        found["organisationDashboard"] = {"fastestPeer": fastest["engine"], "timesFaster": round(fastest["medianMs"] / ours[0]["medianMs"], 1), "goal": 20}
    if find("1.", "streamgauge"):
        found["oneServiceServerMs"] = {"median": find("1.", "streamgauge")[0]["serverMedianMs"], "goal": 1}
    if find("4.", "streamgauge"):
        found["ingestEventsPerSecond"] = {"measured": find("4.", "streamgauge")[0]["eventsPerSecond"], "goal": 50000}
    if find("5.", "streamgauge"):
        found["importSpeedOfGitLog"] = {"measured": find("5.", "streamgauge")[0]["speedOfGitLog"], "goal": 0.5}
    if ours:
        found["serverPeakMiB"] = {"measured": ours[0]["peakMiB"], "goal": 4096}
    return found


def main():
    arguments = parse()
    scale = "demo" if arguments.quick else arguments.scale
    binary = build(arguments.quick)
    dataset = Dataset(WORK, scale, arguments.seed)
    dataset.ensure(binary, say)
    asked = questions(dataset)
    results = []
    link_seconds, _ = run_streamgauge(binary, dataset, asked, arguments.runs, results)
    # The import is compared with git log, not with the peers: it runs before them, on a
    # machine not yet busy releasing a peer's memory (DuckDB's reaches 20 GiB at M).
    if not arguments.skip_import:
        history = "swift-nio" if arguments.quick else "git"
        repository = gitimport.ensure_history(SHARED, WORK, history, say)
        say(f"5. import: {history} history")
        git_times, import_times, commits = gitimport.compare(binary, repository, WORK, arguments.runs)
        title = f"5. import git ({history}, {commits:,} commits)"
        results.append(summary(title, "git log", git_times, None))
        results.append(summary(title, "streamgauge", import_times, None,
                               speedOfGitLog=round(percentile(git_times, 0.5) / percentile(import_times, 0.5), 3)))
    python = os.path.join(WORK, "venv", "bin", "python")
    failures = []
    for engine in [name for name in arguments.peers.split(",") if name]:
        failure = run_peer(engine, dataset, asked, arguments.runs, results, python)
        if failure:
            failures.append(failure)
    print_table(results)
    for name, figures in goals(results).items():
        print(f"goal {name}: {figures}")
    document = {
        "machine": f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, {platform.platform()}",
        "scale": scale, "seed": arguments.seed, "runs": arguments.runs, "events": dataset.event_count(),
        "linkSecondsAfterIngest": round(link_seconds, 2), "results": results, "goals": goals(results),
        "peerFailures": failures,
    }
    # A run at another scale does not replace the full run at S that the README quotes.
    name = "quick.json" if arguments.quick else ("latest.json" if scale == "S" else f"scale-{scale}.json")
    os.makedirs(os.path.join(ROOT, "benchmarks", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "benchmarks", "results", name), "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")
    say(f"written: benchmarks/results/{name}")
    if failures:
        raise SystemExit("peers that failed: " + "; ".join(f"{failure['engine']}: {failure['error']}" for failure in failures))


if __name__ == "__main__":
    main()
