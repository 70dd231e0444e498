#!/usr/bin/env bash
# Resident-memory check of issue 3: VmRSS after pretraining epoch 200 must be within 50 MB of epoch 20.
# Runs the `quick` preset with small networks (width 64, 2 layers, h = 0.05: the check is about leaks, not
# accuracy; pretraining only, 220 epochs, all cells of simulation_gene.csv) with the launcher's default JVM options
# (plus JAVA_OPTS if set) and samples the JVM when the progress output reports epochs 20, 100 and 200
# (bench/engine/memprobe.py: VmRSS split into Java heap, file-backed and other anonymous memory).
# Usage: bench/engine/memory.sh [DATA.csv]   Prints the table, the load average and the verdict; exit 1 on FAIL.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-$here/../shared/data/simulation_gene.csv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'preset = quick\nwidth = 64\ndepth = 2\ngrowth_width = 64\ngrowth_depth = 2\nstep = 0.05\npretrain.epochs = 220\npretrain.refine_epochs = 0\nscore.iterations = 0\ntrain.epochs = 0\n' \
  >"$work/memory.cfg"
# build first so that the sampled process is the JVM of the fit, not Maven
"$here/ruot4j" info --data "$data" >/dev/null
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), JAVA_OPTS='${JAVA_OPTS:-}'," \
  "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"
python3 "$here/bench/engine/memprobe.py" 20,100,200 -- "$here/ruot4j" fit --config "$work/memory.cfg" --data "$data" \
  --out "$work/out" | tee "$work/table"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
rss20="$(awk -F'|' '$2 + 0 == 20 {print $3 + 0}' "$work/table")"
rss200="$(awk -F'|' '$2 + 0 == 200 {print $3 + 0}' "$work/table")"
[ -n "$rss20" ] && [ -n "$rss200" ] || { echo "memory.sh: did not see epochs 20 and 200" >&2; exit 1; }
diff=$(( rss200 - rss20 ))
verdict=$([ "$diff" -le 50 ] && echo PASS || echo FAIL)
echo "RSS(epoch 200) - RSS(epoch 20) = $diff MB (limit 50 MB): $verdict"
[ "$verdict" = PASS ]
