#!/usr/bin/env bash
# Times the simulation schedule (pretrain 50 + 30 epochs on all cells, Euler h = 0.01; 3001 score iterations;
# 10 joint epochs) and records its accuracy. Usage: [RUOT4J_SEED=N] bench/engine/run_simulation.sh [OUT_DIR]
# (see time_fit.sh for what it prints). Run on an otherwise idle machine for wall times.
exec "$(dirname "$0")/time_fit.sh" simulation simulation_gene.csv "$@"
