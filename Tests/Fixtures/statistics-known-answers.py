#!/usr/bin/env python3
"""Writes statistics-known-answers.json: the expected results of the experiment verdict tests,
computed with SciPy, independently of Streamgauge's Swift code.

    python3 -m venv /tmp/scipy-venv && /tmp/scipy-venv/bin/pip install scipy
    /tmp/scipy-venv/bin/python Tests/Fixtures/statistics-known-answers.py > Tests/Fixtures/statistics-known-answers.json
"""
import json
import sys

import scipy
from scipy import stats

cases = {"generatedBy": "Tests/Fixtures/statistics-known-answers.py with SciPy " + scipy.__version__, "mannWhitney": [], "twoProportions": [], "poissonRates": []}

# Mann-Whitney U, two-sided, normal approximation with tie and continuity corrections.
samples = [
    ([3.1, 4.2, 5.0, 6.3, 7.7, 8.1, 9.4], [1.2, 2.2, 2.9, 3.3, 4.0, 4.4]),
    ([12, 15, 15, 18, 20, 22, 22, 22, 30], [10, 11, 15, 16, 16, 19, 21]),
    ([5, 5, 5, 5, 6], [5, 5, 6, 6, 6, 7]),
    ([86400, 90000, 72000, 100800, 64800, 93600, 79200, 108000], [43200, 50400, 61200, 39600, 57600, 46800, 36000, 54000, 64800]),
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5]),
]
for x, y in samples:
    result = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
    cases["mannWhitney"].append({"baseline": x, "experiment": y, "u": float(result.statistic), "p": float(result.pvalue)})

# Two proportions: the chi-squared test of the 2x2 table without correction equals the pooled
# two-sided z-test.
for (a, n1, b, n2) in [(12, 40, 4, 38), (5, 50, 6, 55), (20, 100, 8, 120), (0, 30, 3, 30)]:
    chi2, p, _, _ = stats.chi2_contingency([[a, n1 - a], [b, n2 - b]], correction=False)
    cases["twoProportions"].append({"baselineEvents": a, "baselineTrials": n1, "experimentEvents": b, "experimentTrials": n2, "chi2": float(chi2), "p": float(p)})

# Poisson rates: conditional on the total, the experiment's count is binomial with the share of
# exposure; two-sided exact binomial test.
for (x1, t1, x2, t2) in [(10, 14.0, 22, 14.0), (30, 28.0, 33, 28.0), (4, 7.0, 15, 10.5), (0, 7.0, 6, 7.0)]:
    result = stats.binomtest(x2, x1 + x2, t2 / (t1 + t2), alternative="two-sided")
    cases["poissonRates"].append({"baselineCount": x1, "baselineDays": t1, "experimentCount": x2, "experimentDays": t2, "p": float(result.pvalue)})

json.dump(cases, sys.stdout, indent=1)
print()
