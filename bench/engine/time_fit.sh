#!/usr/bin/env bash
# Times `fit --preset PRESET` on a shared data set and records its accuracy; run_simulation.sh and run_emt.sh
# call it. Usage: [BENCH_DATA=FILE] [RUOT4J_SEED=N] bench/engine/time_fit.sh PRESET DATA.csv [OUT_DIR]
# (DATA.csv is looked up in ../shared/data unless BENCH_DATA names the file). Prints metrics.json (W1/W2/TMV per
# time, seconds per stage) and the CPU seconds of the process (a load-independent proxy for the single-thread
# wall time). Run on an otherwise idle machine for wall times.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
preset="$1"
out="${3:-${TMPDIR:-/tmp}/ruot4j-bench-$preset}"
data="${BENCH_DATA:-$here/../shared/data/$2}"
"$here/ruot4j" info --data "$data" >/dev/null   # build outside the timed run
start=$(date +%s)
/usr/bin/time -f "cpu seconds: %U user + %S sys" "$here/ruot4j" fit --preset "$preset" --data "$data" --out "$out" \
  ${RUOT4J_SEED:+--seed "$RUOT4J_SEED"}
end=$(date +%s)
echo "wall seconds: $((end - start))"
cat "$out/metrics.json"
