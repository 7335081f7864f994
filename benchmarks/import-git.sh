#!/usr/bin/env bash
# History import against `git log` reading the same history with the same fields
# (shared/docs/BENCHMARK.md, question 5). Rebuilds the real commit graph of git (203k commits)
# or, with --quick, swift-nio (11k), times each side 5 times after a warm-up, prints the medians
# and the ratio, and writes benchmarks/results/import-git.json.
set -euo pipefail
cd "$(dirname "$0")/.."
history=git
[ "${1:-}" = "--quick" ] && history=swift-nio
work=.build/benchmarks
mkdir -p "$work" benchmarks/results
[ -d "$work/$history" ] || python3 ../shared/fixtures/git-history/rebuild.py "$history.tsv.gz" "$work/$history"
swift build -c release --product streamgauge >/dev/null
binary=.build/release/streamgauge
format='%H%x1f%P%x1f%at%x1f%ct%x1f%B%x1e'

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk "BEGIN { print $end - $start }"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

git_times=(); import_times=()
seconds git -C "$work/$history" log --all --format="$format" >/dev/null   # warm-up
for _ in 1 2 3 4 5; do git_times+=("$(seconds git -C "$work/$history" log --all --format="$format")"); done
for run in 0 1 2 3 4 5; do
    rm -f "$work/import.sqlite" "$work/import.sqlite-wal" "$work/import.sqlite-shm"
    t=$(seconds "$binary" import git "$work/$history" --deployments 'tags:*' --database "$work/import.sqlite" --quiet)
    [ "$run" -gt 0 ] && import_times+=("$t")   # run 0 is the warm-up
done
git_median=$(printf '%s\n' "${git_times[@]}" | median)
import_median=$(printf '%s\n' "${import_times[@]}" | median)
ratio=$(awk "BEGIN { print $git_median / $import_median }")
commits=$(git -C "$work/$history" rev-list --all --count)
printf 'history %s (%s commits): git log %.2f s, streamgauge import git %.2f s (into SQLite, linked), ratio %.2f (goal >= 0.50)\n' \
    "$history" "$commits" "$git_median" "$import_median" "$ratio"
cat > benchmarks/results/import-git.json <<JSON
{"machine": "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB", "history": "$history", "commits": $commits,
 "results": [{"question": "import", "engine": "git log", "medianMs": $(awk "BEGIN { printf \"%.0f\", $git_median * 1000 }")},
             {"question": "import", "engine": "streamgauge", "medianMs": $(awk "BEGIN { printf \"%.0f\", $import_median * 1000 }")}],
 "ratio": $(printf '%.3f' "$ratio")}
JSON
