#!/usr/bin/env bash
# Times `fit --preset emt` on the EMT data (10 PCA dimensions, t = 0..3, σ = 0.05) and records its accuracy.
# Usage: bench/engine/run_emt.sh [OUT_DIR]. Prints metrics.json (W1/W2/TMV per time, seconds per stage) and the
# CPU seconds of the process (a load-independent proxy for the single-thread wall time).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-${TMPDIR:-/tmp}/ruot4j-bench-emt}"
data="${BENCH_DATA:-$here/../shared/data/emt.csv}"
"$here/ruot4j" info --data "$data" >/dev/null   # build outside the timed run
start=$(date +%s)
/usr/bin/time -f "cpu seconds: %U user + %S sys" "$here/ruot4j" fit --preset emt --data "$data" --out "$out"
end=$(date +%s)
echo "wall seconds: $((end - start))"
cat "$out/metrics.json"
