"""Question 5: `streamgauge import git` on a real history against `git log` reading the same
history with the same fields (sha, parents, author and committer dates, message)."""

import os
import subprocess
import sys

from timing import measure

GIT_LOG_FORMAT = "%H%x1f%P%x1f%at%x1f%ct%x1f%B%x1e"


def ensure_history(shared, work, name, say):
    """The real commit graph rebuilt by shared/fixtures/git-history/rebuild.py (cached)."""
    path = os.path.join(work, "histories", name)
    if not os.path.isdir(path):
        say(f"import: rebuilding the {name} history (once; cached afterwards)")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run([sys.executable, os.path.join(shared, "fixtures", "git-history", "rebuild.py"), f"{name}.tsv.gz", path],
                       check=True, stdout=subprocess.DEVNULL)
    return path


def compare(binary, repository, work, runs):
    """Times `git log` and the import (into a new SQLite file each run, linked), taking turns
    (after a warm-up of each) so that a change in the machine's speed during the runs falls on
    both alike; returns both timings in ms and the commit count."""
    database = os.path.join(work, "import.sqlite")

    def git_log():
        subprocess.run(["git", "-C", repository, "log", "--all", f"--format={GIT_LOG_FORMAT}"],
                       check=True, stdout=subprocess.DEVNULL)

    def streamgauge_import():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(database + suffix):
                os.remove(database + suffix)
        subprocess.run([binary, "import", "git", repository, "--deployments", "tags:*", "--database", database, "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)

    git_log()
    streamgauge_import()
    git_times, import_times = [], []
    for _ in range(runs):
        git_times += measure(git_log, 1, warm_up=False)[1]
        import_times += measure(streamgauge_import, 1, warm_up=False)[1]
    commits = int(subprocess.run(["git", "-C", repository, "rev-list", "--all", "--count"], check=True,
                                 capture_output=True, text=True).stdout)
    return git_times, import_times, commits
