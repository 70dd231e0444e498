#!/usr/bin/env bash
# The matrix-multiply floor of a pretraining Euler step, the unfused kernels around it, and the step as trained
# (bench/engine/FloorBench.java). Usage: bench/engine/floor.sh [N particles] [repeats]; one intra-op thread.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
[ -d target/classes ] || mvn -B -q -o compile
[ -f target/bench-classpath.txt ] || mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=runtime >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dn="${1:-400}" -Dreps="${2:-9}" -cp "target/classes:$(cat target/bench-classpath.txt)" bench/engine/FloorBench.java 2>&1 \
  | grep -v WARN
