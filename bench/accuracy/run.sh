#!/bin/sh
# The unseen-data panel (issue 12): generates every synthetic family (bench/accuracy/Panel.java), fits each with
# `ruot4j fit --preset auto --sigma <true sigma>` (the default preset; nothing else given), then prints the W1/TMV
# table against the half-split floor. Usage: bench/accuracy/run.sh [OUTDIR] [FAMILY ...]
# Record the date, the machine and `uptime` with the numbers (bench/accuracy/RESULTS.md).
set -e
cd "$(dirname "$0")/../.."
out="${1:-/tmp/ruot4j-panel}"
[ $# -gt 0 ] && shift
mvn -B -q -o compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"
JAVA="java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp $CP"
$JAVA bench/accuracy/Panel.java gen "$out"
families="${*:-toggle-noisy toggle-uneven toggle-many three-fate gmm-50d gmm-100d}"
for f in $families; do
  echo "== $f: $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  ./ruot4j fit --data "$out/$f.csv" --sigma "$(cat "$out/$f.sigma")" --out "$out/$f-fit" >"$out/$f.log" 2>&1 \
    || { echo "fit failed: $out/$f.log"; tail -3 "$out/$f.log"; }
done
$JAVA bench/accuracy/Panel.java report "$out" $families
