#!/usr/bin/env bash
# Times the simulation schedule (pretrain 50 + 30 epochs on all cells, Euler h = 0.01; 3001 score iterations;
# 10 joint epochs) and records its accuracy. Usage: [RUOT4J_SEED=N] bench/engine/run_simulation.sh [OUT_DIR]
# Prints metrics.json (W1/W2/TMV per time, seconds per stage) and the CPU seconds of the process (a
# load-independent proxy for the single-thread wall time). Run on an otherwise idle machine for wall times.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-${TMPDIR:-/tmp}/ruot4j-bench-simulation}"
data="${BENCH_DATA:-$here/../shared/data/simulation_gene.csv}"
"$here/ruot4j" info --data "$data" >/dev/null   # build outside the timed run
start=$(date +%s)
/usr/bin/time -f "cpu seconds: %U user + %S sys" "$here/ruot4j" fit --preset simulation --data "$data" --out "$out" \
  ${RUOT4J_SEED:+--seed "$RUOT4J_SEED"}
end=$(date +%s)
echo "wall seconds: $((end - start))"
cat "$out/metrics.json"
