#!/usr/bin/env bash
# CLI fuzz sweep (not CI): RUNS random valid/invalid command lines of info, fit, evaluate, simulate and datasets
# list, executed in-process through picocli (org.ruot4j.cli.CliFuzz, tiny data, a tiny fit schedule, a per-run
# limit of 300 s), and appends a section to bench/reliability/RESULTS.md. Pass: 0 stack traces or internal
# errors, 0 hangs, every error one line (exit 1) or a usage error (exit 2), every success with its output file.
#
# usage: bench/reliability/cli_fuzz.sh [RUNS (default 1000)] [SEED (default 20261202)]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
runs="${1:-1000}"
seed="${2:-20261202}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cd "$here"
start=$(date +%s)
load_before="$(uptime | sed 's/.*load average: //')"
set +e
mvn -B -q -o test -Dtest=CliFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Druot4j.cliFuzz.runs="$runs" \
  -Druot4j.cliFuzz.seed="$seed" >"$log" 2>&1
rc=$?
set -e
secs=$(( $(date +%s) - start ))
summary="$(grep -m1 '^cli fuzz: ' "$log" || echo "cli fuzz: no summary (see the surefire report)")"
failures="$(sed -n '/^cli fuzz: /,/^[^ ]/p' "$log" | grep '^  ' | head -20 || true)"
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC: CLI fuzz sweep, $runs runs, seed $seed"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1);" \
    "ruot4j $(git rev-parse --short HEAD)$(git diff --quiet || echo '+uncommitted'); load average before:" \
    "$load_before. Exit code $rc, $secs s in all."
  echo
  echo "    ${summary#cli fuzz: }"
  if [ -n "$failures" ]; then echo "$failures" | sed 's/^/    /'; fi
  echo
  echo "Verdict: $([ "$rc" = 0 ] && echo '**PASS** (0 stack traces, 0 hangs)' || echo '**FAIL**')."
} >> bench/reliability/RESULTS.md
tail -n 12 bench/reliability/RESULTS.md
exit "$rc"
