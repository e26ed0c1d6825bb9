#!/usr/bin/env bash
# Runs the JMH benchmarks, keeps JMH's JSON result as benchmarks/results/<date>-<sha>.json and prints the table
# (see docs/performance.md). Arguments go to JMH: a benchmark regex, -f/-wi/-w/-i/-r, -p impl=LEGACY,REWORKED, ...
#
#   benchmarks/run.sh                          # every benchmark with the defaults of the annotations
#   benchmarks/run.sh --no-build IsSignaled    # reuse benchmarks/target/benchmarks.jar, one class
#
# RESULTS_DIR overrides the output folder (smoke runs write elsewhere so results/ holds real runs only).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
if [[ "${1:-}" == --no-build ]]; then
  shift
else
  mvn -q -B -pl benchmarks -am package -DskipTests
fi

# The revision measured; -dirty when tracked files differ from it, so such a run is not mistaken for the commit.
sha=$(git rev-parse --short HEAD 2>/dev/null || echo nogit)
if ! git diff --quiet HEAD -- 2>/dev/null; then
  sha="$sha-dirty"
fi
dir=${RESULTS_DIR:-benchmarks/results}
mkdir -p "$dir"
out="$dir/$(date +%Y-%m-%d)-$sha.json"
n=2
while [[ -e "$out" ]]; do   # a second run of the same revision on the same day keeps the first
  out="$dir/$(date +%Y-%m-%d)-$sha-$n.json"
  n=$((n + 1))
done

java -jar "$jar" -rf json -rff "$out" "$@"
echo
java -cp "$jar" org.fencecheck.bench.report.ResultTable "$out"
