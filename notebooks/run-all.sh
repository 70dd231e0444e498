#!/usr/bin/env bash
# Executes the tutorial notebooks on the ruot4j kernel with real Jupyter and checks what they produced.
#
#   notebooks/run-all.sh [--out DIR] [--html] [NOTEBOOK …]
#
# NOTEBOOK: names like 01-quickstart (default: all five, the assignment as its generated solutions copy).
# Each notebook is executed with `/usr/bin/jupyter nbconvert --to notebook --execute` on the kernelspec
# `ruot4j`, then checked by check_outputs.py (no error output; at least one HTML table and one PNG chart; every
# PNG decodes strictly: whole base64, every chunk CRC right, IEND last).
# --out DIR keeps the executed notebooks (default: a temporary folder, removed at the end);
# --html also renders each executed notebook to DIR/NAME.html.
#
# Environment:
#   RUOT4J_QUICK          1 (default) shortens training; 0 runs the full presets.
#   RUOT4J_KERNEL_PREFIX  a prefix where the kernelspec is already installed (PREFIX/share/jupyter/kernels/ruot4j);
#                         default: `./ruot4j kernel install --prefix TMP` into a temporary prefix.
#   RUOT4J_DATA           dataset cache (default: a temporary folder, seeded by the notebooks from ../shared/data).
#   NOTEBOOK_TIMEOUT      seconds one cell may run (default 900).
# Exit status: 0 when every notebook ran and passed its checks, 1 when one did not, 3 when Jupyter is missing.
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
jupyter=/usr/bin/jupyter
python=/usr/bin/python3

out="" html=0 names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --html) html=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) names+=("${1%.ipynb}"); shift ;;
  esac
done
[ ${#names[@]} -eq 0 ] && names=(01-quickstart 02-emt 03-high-dimensional 04-special-cases 05-assignment)

if [ ! -x "$jupyter" ] || ! "$python" -c 'import nbclient, nbformat' 2>/dev/null; then
  echo "run-all: Jupyter is not installed at $jupyter (with nbclient for $python). On Debian/Ubuntu:" >&2
  echo "  apt-get install -y jupyter-notebook jupyter-client jupyter-nbconvert python3-nbclient python3-ipykernel" >&2
  exit 3
fi

tmp="$(mktemp -d -t ruot4j-notebooks.XXXXXX)"
trap 'rm -rf "$tmp"; rm -f "$here/05-assignment-solutions.ipynb"' EXIT
[ -z "$out" ] && out="$tmp/executed"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

export RUOT4J_QUICK="${RUOT4J_QUICK:-1}"
export RUOT4J_DATA="${RUOT4J_DATA:-$tmp/data}"
prefix="${RUOT4J_KERNEL_PREFIX:-}"
if [ -z "$prefix" ]; then
  prefix="$tmp/kernel"
  if ! "$root/ruot4j" kernel install --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    echo "run-all: installing the kernel failed:" >&2
    cat "$tmp/install.log" >&2
    exit 1
  fi
fi
if [ ! -f "$prefix/share/jupyter/kernels/ruot4j/kernel.json" ]; then
  echo "run-all: no kernelspec at $prefix/share/jupyter/kernels/ruot4j/kernel.json" >&2
  exit 1
fi
# Only this kernelspec: a user's own install of an older ruot4j must not be picked up instead.
export JUPYTER_PATH="$prefix/share/jupyter"
export JUPYTER_DATA_DIR="$tmp/jupyter-data"
export JUPYTER_RUNTIME_DIR="$tmp/jupyter-runtime"
export IPYTHONDIR="$tmp/ipython"

failed=0
summary=()
for name in "${names[@]}"; do
  src="$here/$name.ipynb"
  if [ "$name" = 05-assignment ]; then
    # CI runs the solutions copy: the assignment itself stops at the first unanswered exercise, by design.
    "$python" "$here/make_solutions.py" "$here/05-assignment.ipynb" "$here/solutions/05-assignment.json" \
      "$here/05-assignment-solutions.ipynb" >/dev/null || { summary+=("$name  FAILED (make_solutions.py)"); failed=1; continue; }
    src="$here/05-assignment-solutions.ipynb"
    name=05-assignment-solutions
  fi
  if [ ! -f "$src" ]; then
    summary+=("$name  FAILED (no such notebook: $src)"); failed=1; continue
  fi
  start=$(date +%s%N)
  if "$jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=ruot4j \
       --ExecutePreprocessor.timeout="${NOTEBOOK_TIMEOUT:-900}" --ExecutePreprocessor.startup_timeout=180 \
       --output-dir "$out" --output "$name.ipynb" "$src" >"$tmp/$name.log" 2>&1; then
    ms=$(( ($(date +%s%N) - start) / 1000000 )); secs="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
    if "$python" "$here/check_outputs.py" "$out/$name.ipynb" 2>"$tmp/$name.check"; then
      summary+=("$(printf '%-26s passed  %6s s' "$name" "$secs")")
    else
      summary+=("$(printf '%-26s FAILED  %6s s (missing outputs)' "$name" "$secs")"); failed=1
      cat "$tmp/$name.check" >&2
    fi
    if [ "$html" = 1 ]; then
      "$jupyter" nbconvert --to html --output-dir "$out" --output "$name.html" "$out/$name.ipynb" >/dev/null 2>&1 \
        || echo "run-all: could not render $name to HTML" >&2
    fi
  else
    ms=$(( ($(date +%s%N) - start) / 1000000 )); secs="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
    summary+=("$(printf '%-26s FAILED  %6s s (a cell failed)' "$name" "$secs")"); failed=1
    echo "---- $name: the failing cell and its error" >&2
    if grep -q 'CellExecutionError: An error occurred' "$tmp/$name.log"; then
      sed -n '/CellExecutionError: An error occurred/,$p' "$tmp/$name.log" | head -n 80 >&2
    else
      tail -n 40 "$tmp/$name.log" >&2
    fi
  fi
done
echo "notebooks (RUOT4J_QUICK=$RUOT4J_QUICK, executed copies in $out):"
printf '  %s\n' "${summary[@]}"
exit $failed
