#!/usr/bin/env bash
# Kernel memory over many stage runs (issue 7): installs the kernelspec into a temporary prefix with
# `ruot4j kernel install` (its default JVM options, plus KERNEL_JVM_OPTS words as --jvm-option), then drives one
# kernel through RUNS stage cells (%ruot pretrain, score, train in turn, tiny networks, on a 120-cell 2-D data set)
# with src/test/resources/kernel/stage_memory.py, the driver of KernelMemoryTest. Prints the kernel's VmRSS and the
# native arrays alive in the model's manager every 10 runs, and the load average.
# usage: bench/kernel/memory.sh [RUNS (default 50)]    needs Debian's jupyter-client for /usr/bin/python3
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
runs="${1:-50}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
opts=()
for o in ${KERNEL_JVM_OPTS:-}; do opts+=(--jvm-option "$o"); done
"$here/ruot4j" kernel install --prefix "$work/prefix" --no-cds "${opts[@]}" >/dev/null
grep -o '"-X[^"]*"' "$work/prefix/share/jupyter/kernels/ruot4j/kernel.json" | tr '\n' ' ' | sed 's/^/kernel JVM options: /'
echo
/usr/bin/python3 - "$work/small.csv" <<'PY'
import random, sys
r = random.Random(11)
with open(sys.argv[1], "w") as f:
    f.write("samples,x1,x2\n")
    for t in range(3):
        for i in range(30 + 10 * t):
            f.write(f"{t},{t + 0.5 * r.gauss(0, 1):.5f},{-t + 0.5 * r.gauss(0, 1):.5f}\n")
PY
mkdir -p "$work/jupyter-runtime" "$work/jupyter-data" "$work/jupyter-config"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
JUPYTER_PATH="$work/prefix/share/jupyter" JUPYTER_RUNTIME_DIR="$work/jupyter-runtime" \
  JUPYTER_DATA_DIR="$work/jupyter-data" JUPYTER_CONFIG_DIR="$work/jupyter-config" PYDEVD_DISABLE_FILE_VALIDATION=1 \
  /usr/bin/python3 "$here/src/test/resources/kernel/stage_memory.py" "$work" "$runs" | tee "$work/out" \
  | awk '$1 == "run" && ($2 == 1 || $2 == 5 || $2 % 10 == 0) {printf "run %d: VmRSS %d MB, arrays %d\n", $2, $4 / 1024, $6}
         $1 != "run" {print}'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '$1 == "run" && $2 == 5 {a = $4} $1 == "run" {b = $4; n = $2} END {printf "VmRSS(run %d) - VmRSS(run 5) = %d MB (limit 100)\n", n, (b - a) / 1024}' "$work/out"
