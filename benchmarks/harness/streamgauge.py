"""Streamgauge as a user runs it: `streamgauge serve` on a SQLite file, events posted over HTTP
on loopback, reports read from the JSON API."""

import http.client
import json
import os
import queue
import socket
import subprocess
import threading
import time

from timing import measure, peak_mib


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, binary, database, configuration, log):
        self.port = free_port()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(database + suffix):
                os.remove(database + suffix)
        self.process = subprocess.Popen(
            [binary, "serve", "--database", database, "--config", configuration, "--port", str(self.port), "--local-only"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("streamgauge serve did not answer /healthz within 60 s")

    def connection(self, timeout=600):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def get(self, path, connection=None, timeout=600):
        """The JSON answer, the wall time in ms, and the server's own time (Server-Timing)."""
        connection = connection or self.connection(timeout)
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        wall = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
        timing = response.getheader("Server-Timing") or ""
        server = float(timing.split("dur=")[1]) if "dur=" in timing else None
        return json.loads(body), wall, server

    def ingest(self, events_path, batch_size, clients):
        """Posts the NDJSON file in batches from `clients` connections at once; each answer comes
        only once the batch is durable. Returns events per second and each batch's latency (ms).
        The file is read only as fast as batches are sent (a few batches ahead): read ahead
        without a bound, the whole file (11 GB at scale M) sat in this process's memory and took
        the page cache that the server's store needs."""
        batches = queue.Queue(maxsize=2 * clients)
        latencies, failures = [], []

        def post():
            connection = self.connection()
            while (batch := batches.get()) is not None:
                started = time.perf_counter()
                connection.request("POST", "/api/v1/events", body=batch,
                                   headers={"Content-Type": "application/x-ndjson"})
                response = connection.getresponse()
                answer = response.read()
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status != 202:
                    failures.append(f"{response.status} {answer[:300]!r}")

        workers = [threading.Thread(target=post) for _ in range(clients)]
        count = 0
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        with open(events_path, "rb") as handle:
            lines = []
            for line in handle:
                lines.append(line)
                if len(lines) == batch_size:
                    batches.put(b"".join(lines))
                    count += len(lines)
                    lines = []
            if lines:
                batches.put(b"".join(lines))
                count += len(lines)
        for _ in workers:
            batches.put(None)
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started
        if failures:
            raise RuntimeError("ingest refused a batch: " + failures[0])
        return count / elapsed, latencies

    def answer(self, path, runs):
        """Times a question: wall and server times of each measured run, and the last answer."""
        connection = self.connection()
        server_times = []

        def ask():
            body, _, server = self.get(path, connection)
            server_times.append(server)
            return body

        body, times = measure(ask, runs)
        return body, times, server_times[1:]

    def peak_mib(self):
        return peak_mib(self.process.pid)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
