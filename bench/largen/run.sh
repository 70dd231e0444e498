#!/usr/bin/env bash
# Minibatch OT for large N (issue 12): seconds per epoch against N, time to the first progress line, peak resident
# memory and the total time of a default fit of the 10^5-cell, 30-D data set (data.synthetic.LargePopulation, seed 1).
# Usage: bench/largen/run.sh [WORK_DIR] [--no-default]   (--no-default: only the per-epoch table, minutes not tens)
# Appends nothing itself: copy the printed block into bench/largen/RESULTS.md with a note on the load.
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
  "commit $(git -C "$here" rev-parse --short HEAD)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# per-epoch time: three pretraining epochs (stage A) with the default settings otherwise (max_batch 2048), σ = 0.1
printf 'pretrain.epochs = 3\npretrain.refine_epochs = 0\nscore.iterations = 0\ntrain.epochs = 0\n' >"$work/epochs.cfg"
echo
echo "| N (cells) | cells per time | s per pretraining epoch (mean of epochs 2-3) | first progress line s | peak RSS MB | CPU s (user+sys) |"
echo "|---|---|---|---|---|---|"
for n in 1000 10000 100000; do
  out="$work/epochs$n"
  rm -rf "$out"
  /usr/bin/time -f "%M %U %S" -o "$work/time$n" "$here/bench/largen/timed.py" "$work/stderr$n.log" -- \
    "$here/ruot4j" fit --data "$work/large$n.csv" --config "$work/epochs.cfg" --sigma 0.1 --out "$out" >"$work/fit$n.out"
  counts="$("$here/ruot4j" info --data "$work/large$n.csv" --json | /usr/bin/python3 -c 'import json,sys; print("/".join(map(str, json.load(sys.stdin)["counts"])))')"
  per_epoch="$(awk -F, 'NR > 1 && $1 == "pretrain" {s[$2] = $3} END {printf "%.1f", (s[3] - s[1]) / 2}' "$out/history.csv")"
  first="$(sed -n 's/^first_progress_s=//p' "$work/fit$n.out")"
  read -r rss user sys <"$work/time$n"
  echo "| $n | $counts | $per_epoch | $first | $((rss / 1024)) | $(echo "$user + $sys" | bc) |"
done
echo "load average after the per-epoch runs: $(cut -d' ' -f1-3 /proc/loadavg)"
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
