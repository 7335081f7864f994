"""The peers: SQLite, PostgreSQL and DuckDB answering the benchmark's questions with the SQL of
benchmarks/sql. Each runs in a process of its own (`python3 peers.py ENGINE ...`) so that its
peak memory is its own; it prints its answers and timings as JSON."""

import csv
import json
import os
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SQL = os.path.join(HERE, "..", "sql")
sys.path.insert(0, HERE)
from answers import differences  # noqa: E402
from dataset import NULL, TABLES  # noqa: E402
from timing import measure, peak_mib, percentile  # noqa: E402

PERCENTILE = re.compile(r"PERCENTILE\(((?:[^()]|\([^()]*\))*?), (0\.\d+)\)", re.S)


def sql_file(name):
    with open(os.path.join(SQL, name)) as handle:
        return handle.read()


def statements(text):
    return [part.strip() for part in re.sub(r"--[^\n]*", "", text).split(";") if part.strip()]


def literal(value):
    return "'" + str(value).replace("'", "''") + "'"


def report_statements(question, percentile, analyze):
    """The report's statements for a question's scopes and windows, in one engine's dialect."""
    text = sql_file("report.sql")
    scope_rows = ", ".join(f"({literal(scope)}, {literal(service)})" for scope, service in question["scopeServices"])
    window_rows = ", ".join(f"({start}, {end})" for start, end in question["windows"])
    text = text.replace("@SCOPE_SERVICES@", scope_rows).replace("@WINDOWS@", window_rows)
    text = PERCENTILE.sub(lambda match: percentile(match.group(1), match.group(2)), text)
    text = text.replace("ANALYZE_TEMPORARY_TABLES", analyze)
    return statements(text)


class Peer:
    """What every peer shares: run a question's statements in order, answer the last query's rows."""

    analyze = ""
    # The engine's own exception class: a question it raises on is recorded as unanswered.
    engine_error = ()

    def percentile(self, expression, fraction):
        raise NotImplementedError

    def sql(self, question):
        return report_statements(question, self.percentile, self.analyze)

    def run(self, sql):
        rows = None
        for statement in sql:
            cursor = self.connection.execute(statement)
            if statement.startswith("WITH") and not statement.startswith("WITH RECURSIVE"):
                rows = cursor.fetchall()
        return rows


class LinearPercentile:
    """SQLite's missing aggregate: the percentile by linear interpolation between closest ranks."""

    def __init__(self):
        self.values = []
        self.fraction = 0.5

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return percentile(self.values, self.fraction)


def tsv_rows(path):
    with open(path) as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield [None if value == NULL else value for value in row]


class SQLitePeer(Peer):
    name = "sqlite"

    def __init__(self, work):
        import sqlite3
        self.engine_error = sqlite3.Error
        path = os.path.join(work, "peer.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA cache_size = -1048576")  # 1 GiB, like the others' memory
        self.connection.create_aggregate("percentile_linear", 2, LinearPercentile)

    def load(self, tables):
        self.connection.execute("BEGIN")
        for statement in statements(sql_file("schema.sql")):
            self.connection.execute(statement)
        for name, columns in TABLES.items():
            marks = ", ".join("?" for _ in columns)
            self.connection.executemany(f"INSERT INTO {name} VALUES ({marks})",
                                        tsv_rows(os.path.join(tables, f"{name}.tsv")))
        for statement in statements(sql_file("after-load.sql")):
            self.connection.execute(statement)
        self.connection.execute("COMMIT")
        self.connection.execute("ANALYZE")

    def percentile(self, expression, fraction):
        return f"percentile_linear({expression}, {fraction})"

    def peak_mib(self):
        return peak_mib(os.getpid())


class PostgresPeer(Peer):
    name = "postgresql"

    def __init__(self, work):
        import psycopg
        self.engine_error = psycopg.Error
        url = os.environ["STREAMGAUGE_BENCH_POSTGRES_URL"]
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS streamgauge_peer")
            admin.execute("CREATE DATABASE streamgauge_peer")
        self.connection = psycopg.connect(re.sub(r"/[^/?]*(\?|$)", r"/streamgauge_peer\1", url, count=1), autocommit=True)
        self.connection.execute("SET work_mem = '256MB'")

    def load(self, tables):
        for statement in statements(sql_file("schema.sql")):
            self.connection.execute(statement)
        for name, columns in TABLES.items():
            with self.connection.cursor().copy(f"COPY {name} FROM STDIN") as copy:
                with open(os.path.join(tables, f"{name}.tsv"), "rb") as handle:
                    while chunk := handle.read(1 << 20):
                        copy.write(chunk)
        for statement in statements(sql_file("after-load.sql")):
            self.connection.execute(statement)
        self.connection.execute("ANALYZE")

    analyze = "ANALYZE q_successes; ANALYZE q_shipped"

    def percentile(self, expression, fraction):
        return f"percentile_cont({fraction}) WITHIN GROUP (ORDER BY {expression})"

    def peak_mib(self):
        """The server process answering this connection (its shared buffers included)."""
        return peak_mib(self.connection.execute("SELECT pg_backend_pid()").fetchone()[0])


class DuckDBPeer(Peer):
    name = "duckdb"

    def __init__(self, work):
        import duckdb
        self.engine_error = duckdb.Error
        path = os.path.join(work, "peer.duckdb")
        for suffix in ("", ".wal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self.connection = duckdb.connect(path)
        # What DuckDB spills goes beside its database, within a bound that leaves the disk
        # usable: at scale M an earlier walk filled the whole disk instead of failing.
        spill = os.path.join(work, "spill")
        free = shutil.disk_usage(work).free
        self.connection.execute(f"SET temp_directory = '{spill}'")
        self.connection.execute(f"SET max_temp_directory_size = '{max(1, free // 2 // 2**30)}GiB'")

    def load(self, tables):
        for statement in statements(sql_file("schema.sql")):
            self.connection.execute(statement)
        for name in TABLES:
            path = os.path.join(tables, f"{name}.tsv")
            self.connection.execute(f"COPY {name} FROM '{path}' (DELIMITER '\t', NULL '\\N', QUOTE '', ESCAPE '', HEADER false)")
        for statement in statements(sql_file("after-load.sql")):
            self.connection.execute(statement)
        self.connection.execute("CHECKPOINT")

    def percentile(self, expression, fraction):
        return f"quantile_cont({expression}, {fraction})"

    def peak_mib(self):
        return peak_mib(os.getpid())


PEERS = {peer.name: peer for peer in (SQLitePeer, PostgresPeer, DuckDBPeer)}


def first_line(error):
    """An engine error's own first line, with its kind (DuckDB adds lines of advice after it)."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def main():
    engine, tables, work, questions_path, runs = sys.argv[1:6]
    with open(questions_path) as handle:
        questions = json.load(handle)
    os.makedirs(work, exist_ok=True)
    peer = PEERS[engine](work)
    started = time.perf_counter()
    peer.load(tables)
    result = {"engine": engine, "loadSeconds": time.perf_counter() - started, "questions": {}}
    for question in questions:
        sql = peer.sql(question)
        asked = time.perf_counter()
        try:
            rows = [list(row) for row in peer.run(sql)]  # the warm-up, checked before any time counts
            wrong = differences(question["expected"], rows)
            times = [] if wrong else measure(lambda: peer.run(sql), runs=int(runs), warm_up=False)[1]
        except peer.engine_error as error:
            # An engine that cannot answer (out of memory, out of temporary space) is a result:
            # what it answered before stays, and the questions after it are not asked. Errors of
            # the harness itself are not caught here: they stop the run as they are.
            result["failure"] = {"question": question["id"], "error": first_line(error),
                                 "afterSeconds": round(time.perf_counter() - asked, 1)}
            break
        if wrong:
            result["mismatch"] = {"question": question["id"], "differences": wrong}
            break
        result["questions"][question["id"]] = {"times": times}
    result["peakMiB"] = peer.peak_mib()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
