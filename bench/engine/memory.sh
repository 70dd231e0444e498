#!/usr/bin/env bash
# Resident-memory check of issue 3: RSS after pretraining epoch 200 must be within 50 MB of epoch 20.
# Runs the `quick` preset with small networks (width 64, 2 layers, h = 0.05: the check is about leaks, not
# accuracy; pretraining only, 220 epochs, all cells of simulation_gene.csv) and samples VmRSS of
# the JVM from /proc/<pid>/status every 0.1 s, tagged with the last epoch the progress output reported.
# Usage: bench/engine/memory.sh [DATA.csv]   Prints the RSS at epochs 20 and 200 and their difference.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-$here/../shared/data/simulation_gene.csv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'preset = quick\nwidth = 64\ndepth = 2\ngrowth_width = 64\ngrowth_depth = 2\nstep = 0.05\npretrain.epochs = 220\npretrain.refine_epochs = 0\nscore.iterations = 0\ntrain.epochs = 0\n' \
  >"$work/memory.cfg"
# build first so that the sampled process is the JVM of the fit, not Maven
"$here/ruot4j" info --data "$data" >/dev/null
"$here/ruot4j" fit --config "$work/memory.cfg" --data "$data" --out "$work/out" >"$work/stdout" 2>"$work/progress" &
launcher=$!
pid=""
for _ in $(seq 1 100); do
  pid="$(pgrep -P "$launcher" java || true)"
  [ -z "$pid" ] && [ -r "/proc/$launcher/status" ] && grep -q '^Name:.*java' "/proc/$launcher/status" && pid=$launcher
  [ -n "$pid" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "memory.sh: could not find the JVM of the fit" >&2; exit 1; }
rss20=""; rss200=""
while kill -0 "$pid" 2>/dev/null; do
  epoch="$(grep -o 'pretrain *\[[^]]*\] [0-9]*' "$work/progress" 2>/dev/null | tail -1 | grep -o '[0-9]*$' || true)"
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
  if [ -n "$epoch" ] && [ -n "$rss" ]; then
    [ -z "$rss20" ] && [ "$epoch" -ge 20 ] && rss20=$rss && echo "epoch $epoch: VmRSS $((rss / 1024)) MB"
    [ -z "$rss200" ] && [ "$epoch" -ge 200 ] && rss200=$rss && echo "epoch $epoch: VmRSS $((rss / 1024)) MB"
  fi
  sleep 0.1
done
wait "$launcher" || { cat "$work/progress" >&2; exit 1; }
[ -n "$rss20" ] && [ -n "$rss200" ] || { echo "memory.sh: did not see epochs 20 and 200" >&2; exit 1; }
diff=$(( (rss200 - rss20) / 1024 ))
echo "RSS(epoch 200) - RSS(epoch 20) = $diff MB (limit 50 MB): $([ "$diff" -le 50 ] && echo PASS || echo FAIL)"
