#!/bin/sh
# Fused vs separate v/g/s evaluation per Euler step (bench/nn/FusedStepBench.java), one PyTorch thread.
set -e
cd "$(dirname "$0")/../.."
mvn -B -q -o compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"
echo "load before: $(uptime)"
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
     -cp "$CP" bench/nn/FusedStepBench.java
echo "load after: $(uptime)"
