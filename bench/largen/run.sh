#!/usr/bin/env bash
# Minibatch OT for large N (issue 12): seconds per epoch against N, time to the first progress line, peak resident
# memory, and (unless --no-default) the total time of a default fit of the 10^5-cell, 30-D data set
# (data.synthetic.LargePopulation, seed 1; N = 10^3, 10^4, 10^5 cells over four times, D = 30, σ = 0.1).
# Usage: [PARALLEL=1] bench/largen/run.sh [WORK_DIR] [--no-default]
#   PARALLEL=1 runs the three short fits at once (on a machine shared with other work: same conditions for all N).
# Prints a markdown block for bench/largen/RESULTS.md (date, machine, commit, load average).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/ruot4j-bench-largen}"
default_fit=1
[ "${2:-}" = "--no-default" ] && default_fit=0
mkdir -p "$work"
"$here/ruot4j" info --data "$here/../shared/data/emt.csv" >/dev/null   # build outside the timed runs
cp="$here/target/ruot4j.jar:$(cat "$here/target/classpath.txt")"
for n in 1000 10000 100000; do
  [ -f "$work/large$n.csv" ] || java -cp "$cp" org.ruot4j.data.synthetic.LargePopulation "$work/large$n.csv" "$n" 30 1
done
echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/Mem:/{print $2}') GB," \
  "commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-?}")"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# short fits with the default settings otherwise (max_batch 2048, eval.max_cells 5000): 3 pretraining epochs
# (stage A), 20 score iterations, 1 joint epoch; per-unit costs of every stage
printf 'pretrain.epochs = 3\npretrain.refine_epochs = 0\nscore.iterations = 20\ntrain.epochs = 1\n' >"$work/epochs.cfg"
row() {
  local n="$1" out="$work/epochs$1"
  rm -rf "$out"
  /usr/bin/time -f "%M %U %S %e" -o "$work/time$n" "$here/bench/largen/timed.py" "$work/stderr$n.log" -- \
    "$here/ruot4j" fit --data "$work/large$n.csv" --config "$work/epochs.cfg" --sigma 0.1 --out "$out" >"$work/fit$n.out"
  local counts per_epoch first rss user sys wall stages
  counts="$(head -c 0 /dev/null; awk -F, 'NR > 1 {c[$1]++} END {for (t in c) printf "%s ", c[t]}' "$work/large$n.csv")"
  per_epoch="$(awk -F, 'NR > 1 && $1 == "pretrain" {s[$2] = $3} END {printf "%.1f", (s[3] - s[1]) / 2}' "$out/history.csv")"
  first="$(sed -n 's/^first_progress_s=//p' "$work/fit$n.out")"
  stages="$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["seconds"]; print("%.0f / %.0f / %.0f" % (s["pretrain"], s["score"], s["train"]))' "$out/metrics.json")"
  read -r rss user sys wall <"$work/time$n"
  echo "| $n | $counts| $per_epoch | $first | $stages | $((rss / 1024)) | $wall | $(echo "$user + $sys" | bc) |" >"$work/row$n"
}
echo
echo "| N (cells) | cells per time | s per pretraining epoch (epochs 2-3) | first progress line s | stage s: pretrain (3 ep) / score (20 it) / joint (1 ep) | peak RSS MB | wall s | CPU s |"
echo "|---|---|---|---|---|---|---|---|"
if [ "${PARALLEL:-0}" = 1 ]; then
  for n in 1000 10000 100000; do row "$n" & done
  wait
else
  for n in 1000 10000 100000; do row "$n"; done
fi
cat "$work/row1000" "$work/row10000" "$work/row100000"
echo "load average after the short fits: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -h 'sampled' "$work"/fit100000.out || true
if [ "$default_fit" = 1 ]; then
  out="$work/default100000"
  rm -rf "$out"
  /usr/bin/time -f "%M %U %S %e" -o "$work/time-default" "$here/bench/largen/timed.py" "$work/stderr-default.log" -- \
    "$here/ruot4j" fit --data "$work/large100000.csv" --sigma 0.1 --out "$out" >"$work/fit-default.out"
  read -r rss user sys wall <"$work/time-default"
  echo
  echo "default fit (\`fit --data large100000.csv --sigma 0.1\`): wall $wall s, CPU $(echo "$user + $sys" | bc) s," \
    "peak RSS $((rss / 1024)) MB, first progress line after $(sed -n 's/^first_progress_s=//p' "$work/fit-default.out") s"
  grep -v '^first_progress_s\|^wall_s' "$work/fit-default.out"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
