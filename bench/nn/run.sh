#!/bin/sh
# Micro-benchmark of org.ruot4j.nn.Mlp: builds, then runs bench/nn/MlpBench.java with 1 and 2 PyTorch threads.
set -e
cd "$(dirname "$0")/../.."
mvn -B -q -o compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"
for t in 1 2; do
  java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$t -Dai.djl.pytorch.num_interop_threads=1 \
       -cp "$CP" bench/nn/MlpBench.java
done
