#!/usr/bin/env bash
# Times exact OT (network simplex) on uniform clouds; writes bench/ot/table.md (the raw table that
# RESULTS.md quotes). Usage: bench/ot/run.sh [sizes] [dims] [repeats]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
java -Xmx4g -cp "target/classes:target/test-classes:$(cat target/bench-cp.txt)" org.ruot4j.bench.OtBench \
  "${1:-500,1000,2000,5000,10000}" "${2:-2,10}" "${3:-3}" bench/ot/table.md
