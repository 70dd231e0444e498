#!/usr/bin/env bash
# Before/after ratio of the exact-OT solver: the ot package of commit BEFORE (default a4a91f9, main before the
# pricing change) against the working tree, in alternating JVMs (before, after, before, after, ...) so that both
# see the same machine load. Each JVM runs OtBench (median of its repeats) for one size and dimension.
# Usage: bench/ot/compare.sh [sizes] [dims] [rounds] [before-commit]
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="${1:-400,1000,2000,5000}"
dims="${2:-2,10}"
rounds="${3:-3}"
before="${4:-a4a91f9}"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
old=target/ot-before
rm -rf "$old" && mkdir -p "$old/src/org/ruot4j/ot" "$old/classes"
for f in Emd NetworkSimplex; do
  git show "$before:src/main/java/org/ruot4j/ot/$f.java" > "$old/src/org/ruot4j/ot/$f.java"
done
javac -nowarn -d "$old/classes" -cp "target/classes:$(cat target/bench-cp.txt)" "$old"/src/org/ruot4j/ot/*.java
cp="target/classes:target/test-classes:$(cat target/bench-cp.txt)"
echo "load before: $(uptime)"
echo "| n = m | dim | before CPU s | after CPU s | after / before | before pivots | after pivots | same cost |"
echo "|---:|---:|---:|---:|---:|---:|---:|---|"
for dim in ${dims//,/ }; do
  for n in ${sizes//,/ }; do
    if [ "$dim" -gt 2 ] && [ "$n" -gt 2000 ]; then continue; fi
    b=(); a=(); bp=""; ap=""; bc=""; ac=""
    for r in $(seq "$rounds"); do
      for side in before after; do
        if [ "$side" = before ]; then c="$old/classes:$cp"; else c="$cp"; fi
        # row: | n | dim | wall | cpu | pivots | cost | status |
        row=$(nice -n 5 java -Xmx2g -cp "$c" org.ruot4j.bench.OtBench "$n" "$dim" 5 | tail -1)
        cpu=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$5); print $5}')
        piv=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$6); print $6}')
        cost=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$7); print $7}')
        if [ "$side" = before ]; then b+=("$cpu"); bp=$piv; bc=$cost; else a+=("$cpu"); ap=$piv; ac=$cost; fi
      done
    done
    med() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
    mb=$(med "${b[@]}"); ma=$(med "${a[@]}")
    same=$([ "$bc" = "$ac" ] && echo yes || echo "no ($bc vs $ac)")
    echo "| $n | $dim | $mb | $ma | $(awk -v x="$ma" -v y="$mb" 'BEGIN {printf "%.2f", x / y}') | $bp | $ap | $same |"
  done
done
echo "load after: $(uptime)"
