#!/usr/bin/env bash
# Each training stage's wall seconds, process CPU seconds and load average, and the ODE W1/TMV after the fit
# (bench/engine/StageBench.java in one JVM with the launcher's options: one intra-op thread, serial collector).
# Usage: bench/engine/stages.sh DATA PRESET SEED [key=value ...] [stages=pretrain,score,train] [restore=DIR]
#        [save=DIR] [evalAfter=pretrain,score,train]
# CLASSES=DIR runs other compiled classes (an A/B comparison against a saved copy of target/classes).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
if [ -z "${CLASSES:-}" ]; then
  mvn -B -q -o compile
fi
[ -f target/bench-classpath.txt ] || mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=runtime >/dev/null
classes="${CLASSES:-$here/target/classes}"
exec java -XX:+UseSerialGC -Xmn32m -Xss8m -Djava.awt.headless=true -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads="${RUOT4J_THREADS:-1}" -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$classes:$(cat target/bench-classpath.txt)" bench/engine/StageBench.java "$@"
