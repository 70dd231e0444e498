#!/usr/bin/env bash
# A/B of two compiled builds (target/classes copies) on one training interval per Euler step, alternated in one JVM
# (bench/engine/ABStep.java, StepWorkload.java). Usage: bench/engine/abstep.sh CLASSES_A CLASSES_B [transport|energy]
# [rounds]; KIND "transport/transport-fused" runs separate v, g on A and fused on B (same build twice).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
[ -f target/bench-classpath.txt ] || mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=runtime >/dev/null
cp="$(cat target/bench-classpath.txt)"
work="$(mktemp -d "${TMPDIR:-/tmp}/abstep-XXXXXX")"
for side in a b; do
  dir=$([ "$side" = a ] && echo "$1" || echo "$2")
  mkdir -p "$work/$side"
  javac -nowarn -d "$work/$side" -cp "$dir:$cp" bench/engine/StepWorkload.java
done
javac -d "$work/h" bench/engine/ABStep.java
java -XX:+UseSerialGC -Xmn32m -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  ${JAVA_FLAGS:-} -cp "$work/h:$cp" ABStep "$1:$work/a" "$2:$work/b" "${3:-transport}" "${4:-20}"
rm -rf "$work"
