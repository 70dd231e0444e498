#!/usr/bin/env bash
# Times `fit --preset emt` on the EMT data (10 PCA dimensions, t = 0..3, σ = 0.05) and records its accuracy.
# Usage: [RUOT4J_SEED=N] bench/engine/run_emt.sh [OUT_DIR] (see time_fit.sh for what it prints).
exec "$(dirname "$0")/time_fit.sh" emt emt.csv "$@"
