#!/usr/bin/env bash
# Times the simulation schedule (pretrain 50 + 30 epochs on all cells, Euler h = 0.01; 3001 score iterations;
# 10 joint epochs) and records its accuracy. Usage: bench/engine/run_simulation.sh [OUT_DIR]
# Prints metrics.json (W1/W2/TMV per time, seconds per stage). Run on an otherwise idle machine.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$here/bench/engine/out-simulation}"
data="${RUOT4J_DATA:-$here/../shared/data/simulation_gene.csv}"
start=$(date +%s)
"$here/ruot4j" fit --preset simulation --data "$data" --out "$out"
end=$(date +%s)
echo "wall seconds: $((end - start))"
cat "$out/metrics.json"
