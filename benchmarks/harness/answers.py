"""The questions' answers in one comparable shape, whoever computed them: one row per
(scope, window) with the figures of METRICS.md's report."""

from dataset import seconds

FIELDS = ["scope", "from", "to", "deployments", "failedAttempts", "changes", "leadP50", "leadP85", "failed",
          "recovered", "open", "recoveryP50", "rework", "incidents", "restoreP50", "batchP50"]


def from_report(report):
    """A row from Streamgauge's report JSON."""
    return [
        report["scope"]["name"], seconds(report["window"]["from"]), seconds(report["window"]["to"]),
        report["deploymentFrequency"]["count"], report["deploymentFrequency"]["failedAttempts"],
        report["leadTimeForChanges"]["changes"], report["leadTimeForChanges"]["p50Seconds"],
        report["leadTimeForChanges"]["p85Seconds"], report["changeFailureRate"]["failed"],
        report["failedDeploymentRecoveryTime"]["recovered"], report["failedDeploymentRecoveryTime"]["open"],
        report["failedDeploymentRecoveryTime"]["p50Seconds"], report["deploymentReworkRate"]["rework"],
        report["incidentTimeToRestore"]["incidents"], report["incidentTimeToRestore"]["p50Seconds"],
        report["batchSize"]["p50Commits"],
    ]


def same(left, right):
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, str) or isinstance(right, str):
        return left == right
    return abs(float(left) - float(right)) <= 1e-6 * max(1.0, abs(float(left)), abs(float(right)))


def differences(expected, actual, limit=10):
    """What differs between two answers (rows sorted by scope and window), as readable lines."""
    expected = sorted(expected, key=lambda row: (row[0], row[1]))
    actual = sorted(actual, key=lambda row: (row[0], row[1]))
    found = []
    if len(expected) != len(actual):
        found.append(f"{len(actual)} rows where Streamgauge has {len(expected)}")
    for want, got in zip(expected, actual):
        for name, a, b in zip(FIELDS, want, got):
            if not same(a, b):
                found.append(f"{want[0]} from {want[1]:.0f}: {name} is {b}, Streamgauge says {a}")
                break
        if len(found) >= limit:
            break
    return found
