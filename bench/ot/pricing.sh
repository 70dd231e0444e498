#!/usr/bin/env bash
# Block-size study of the network simplex pricing (org.ruot4j.ot.PricingBench, test scope).
# Usage: bench/ot/pricing.sh [sizes] [dims] [factors] [repeats]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
uptime
java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench-cp.txt)" org.ruot4j.ot.PricingBench \
  "${1:-400,1000,2000,5000}" "${2:-2}" "${3:-0.25,0.5,1,2,4}" "${4:-3}"
uptime
