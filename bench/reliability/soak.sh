#!/usr/bin/env bash
# Soak benchmark (not CI): one long `ruot4j fit` with the quick preset, recording the resident memory (VmRSS
# from /proc/PID/status) of the fitting JVM every 100 pretraining epochs, and appending a section to
# bench/reliability/RESULTS.md. The memory must stay flat (within 50 MB) after warm-up, or the training loop
# leaks (native tensors created outside an NDScope, or history/listeners kept without bound).
#
# usage: bench/reliability/soak.sh [EPOCHS (default 2000)] [DATA (default ../shared/data/simulation_gene.csv)]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
epochs="${1:-2000}"
data="${2:-$here/../shared/data/simulation_gene.csv}"
every=100
warmup=$(( epochs / 10 > every ? epochs / 10 : every ))   # epochs before the flatness check starts
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ ! -f "$data" ]; then
  echo "soak: $data is absent; pass a samples,x1,…,xD CSV as the second argument" >&2
  exit 2
fi
cat > "$work/soak.conf" <<CONF
preset = quick
pretrain.epochs = $epochs
pretrain.refine_epochs = 0
score.iterations = 10
train.epochs = 1
CONF
mkfifo "$work/progress"
"$here/ruot4j" fit --data "$data" --config "$work/soak.conf" --out "$work/out" >"$work/stdout.txt" 2>"$work/progress" &
pid=$!   # the launcher execs java, so this is the fitting JVM
start=$(date +%s)
rows=""
samples=()
while IFS= read -r line; do
  # non-terminal progress: "pretrain [####....] 100/2000 loss=… ot=… 12s elapsed"
  if [[ "$line" =~ ^pretrain\ +\[[#.]+\]\ ([0-9]+)/([0-9]+) ]]; then
    e="${BASH_REMATCH[1]}"
    if (( e == 1 || e % every == 0 )); then
      rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      # Java heap committed and used (S0C+S1C+EC+OC, S0U+S1U+EU+OU in KiB): RSS minus the committed heap is
      # native memory (libtorch tensors, metaspace, code cache, thread stacks)
      read -r heap_c heap_u < <(jstat -gc "$pid" 2>/dev/null | awk 'NR==2 {printf "%d %d\n", $1+$2+$5+$7, $3+$4+$6+$8}' \
        || echo "0 0")
      now=$(( $(date +%s) - start ))
      rows+="| $e | $(( rss_kb / 1024 )) | $(( heap_c / 1024 )) | $(( heap_u / 1024 )) | $(( (rss_kb - heap_c) / 1024 )) | $now |"$'\n'
      if (( e >= warmup )); then samples+=("$rss_kb"); fi
      echo "soak: epoch $e/$epochs  VmRSS $(( rss_kb / 1024 )) MiB  heap committed $(( heap_c / 1024 )) MiB  ${now}s" >&2
    fi
  elif [[ "$line" == ruot4j:* ]]; then
    echo "$line" >&2
  fi
done < "$work/progress"
set +e
wait "$pid"
rc=$?
set -e
total=$(( $(date +%s) - start ))
if (( ${#samples[@]} > 0 )); then
  min=$(printf '%s\n' "${samples[@]}" | sort -n | head -1)
  max=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)
  spread=$(( (max - min) / 1024 ))
else
  spread=-1
fi
verdict="FAIL"
if (( rc == 0 && spread >= 0 && spread <= 50 )); then verdict="PASS"; fi
cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): $epochs epochs, $(basename "$data")"
  echo
  echo "Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM," \
       "$(java -version 2>&1 | head -1); ruot4j $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')," \
       "RUOT4J_THREADS=${RUOT4J_THREADS:-1}, JAVA_OPTS='${JAVA_OPTS:-}'. Exit code $rc, $total s in all."
  echo
  echo "| pretrain epoch | VmRSS (MiB) | heap committed (MiB) | heap used (MiB) | RSS − heap committed (MiB) | elapsed (s) |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$rows"
  echo
  echo "Spread of VmRSS from epoch $warmup on: $spread MiB (limit 50): **$verdict**."
} >> "$here/bench/reliability/RESULTS.md"
echo "soak: $verdict (spread $spread MiB after epoch $warmup, exit $rc); appended to bench/reliability/RESULTS.md" >&2
[ "$verdict" = PASS ]
