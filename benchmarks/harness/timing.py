"""Repeated timing: a warm-up, then `runs` measured runs; medians and p99 by linear interpolation;
a process's peak memory."""

import time


def measure(action, runs, warm_up=True):
    """Runs `action` once to warm up (unless told not to) and `runs` times measured; returns its
    last answer and the measured wall times in milliseconds."""
    answer = action() if warm_up else None
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = action()
        times.append((time.perf_counter() - started) * 1000)
    return answer, times


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (position - lower) * (ordered[upper] - ordered[lower])


def peak_mib(pid):
    """A process's resident high-water mark (`VmHWM`) in MiB, or None if it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None
