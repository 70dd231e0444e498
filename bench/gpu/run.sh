#!/usr/bin/env bash
# For a machine with an NVIDIA GPU: fit simulation_gene with the simulation preset (seed 42) on CUDA (the cuda Maven
# profile: DJL 0.33, PyTorch 2.5.1 cu124) and on the CPU (the default build: DJL 0.36, PyTorch 2.7.1), then print both
# metrics side by side with the wall time of each fit. Append what it prints, with the machine and the date, to
# bench/gpu/RESULTS.md.
#
#   bench/gpu/run.sh [DATA]        (default ../shared/data/simulation_gene.csv; OUT=DIR to choose the output folder)
#
# Needs: Java 17, Maven, network for the first build (the CUDA libtorch jar is 2.5 GB), an NVIDIA driver for CUDA 12.4.
# GPU results differ from the CPU ones in the last digits (other kernels, float32 reduction order); the fit is not
# bit-reproducible on CUDA. Exact OT stays on the host on both: one copy of positions and weights per interval.
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/data/simulation_gene.csv}"
out="${OUT:-bench/gpu/out}"
mkdir -p "$out"
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi: not found"; } | tee "$out/gpu.txt"

echo "== build: mvn -Pcuda (target/cuda)"
mvn -B -q -Pcuda -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/cuda/classpath.txt -Dmdep.includeScope=runtime
jvm=(-Xss8m -Djava.awt.headless=true -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${RUOT4J_THREADS:-1}"
     -Dai.djl.pytorch.num_interop_threads=1)

fit() { # name, device, class path
  rm -rf "$out/$1"
  local start end
  start=$(date +%s)
  java "${jvm[@]}" -cp "$3" org.ruot4j.cli.Main fit --data "$data" --preset simulation --seed 42 --device "$2" \
    --out "$out/$1" 2>&1 | tee "$out/$1.log" | grep -E "device|W1|error|ruot4j:" || true
  end=$(date +%s)
  echo "$((end - start))" > "$out/$1.seconds"
}

echo "== fit on CUDA"
fit cuda gpu "target/cuda/ruot4j.jar:$(cat target/cuda/classpath.txt)"
echo "== build and fit on the CPU (default build)"
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fit cpu cpu "target/ruot4j.jar:$(cat target/classpath.txt)"

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
rows = []
for name in ("cuda", "cpu"):
    p = os.path.join(out, name, "metrics.json")
    if not os.path.exists(p):
        print(f"{name}: no metrics.json (see {out}/{name}.log)"); continue
    m = json.load(open(p))
    secs = open(os.path.join(out, name + ".seconds")).read().strip()
    rows.append((name, m, secs))
if rows:
    times = rows[0][1]["times"]
    print("%-6s %8s  %s" % ("build", "seconds", "  ".join("W1(t%s) ode/sde" % t for t in times[1:])))
    for name, m, secs in rows:
        cells = ["%.4f/%.4f" % (m["ode"]["w1"][k], m["sde"]["w1"][k]) for k in range(1, len(times))]
        print("%-6s %8s  %s" % (name, secs, "  ".join("%15s" % c for c in cells)))
PY
