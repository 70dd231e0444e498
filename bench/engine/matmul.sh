#!/usr/bin/env bash
# Matrix-multiply kernel of the bundled libtorch under MKL / oneDNN settings: each variant runs
# bench/engine/MatmulBench.java in its own JVM, variants interleaved over ROUNDS rounds (same load), one thread.
# Prints the ISA MKL reports (MKL_VERBOSE) and the GFLOP/s of each run. Usage: bench/engine/matmul.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-3}"
mvn -B -q -o compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
cp="target/classes:$(cat target/bench-classpath.txt)"
shim=target/libmkl_shim.so
gcc -shared -fPIC -O2 -o "$shim" bench/engine/mkl_shim.c
run() { # name, env assignments...
  local name="$1"; shift
  env "$@" nice -n 5 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
    -Dai.djl.pytorch.num_interop_threads=1 -cp "$cp" bench/engine/MatmulBench.java 2>&1 \
    | grep -E "GFLOP|MKL_VERBOSE oneMKL" | sed "s|^|$name: |" | sed -E 's/(enabled processors).*/\1/'
}
grep -m1 flags /proc/cpuinfo | grep -o 'avx512[a-z_0-9]*' | tr '\n' ' '; echo
echo "load before: $(uptime)"
for v in default avx512-env debug5 shim shim+avx2 ; do
  case $v in
    default) run "$v" MKL_VERBOSE=1 ;;
    avx512-env) run "$v" MKL_VERBOSE=1 MKL_ENABLE_INSTRUCTIONS=AVX512 ;;
    debug5) run "$v" MKL_VERBOSE=1 MKL_DEBUG_CPU_TYPE=5 ;;
    shim) run "$v" MKL_VERBOSE=1 LD_PRELOAD="$PWD/$shim" ;;
    shim+avx2) run "$v" MKL_VERBOSE=1 LD_PRELOAD="$PWD/$shim" MKL_ENABLE_INSTRUCTIONS=AVX2 ;;
  esac
done | grep "MKL_VERBOSE oneMKL" | sort -u
for r in $(seq "$rounds"); do
  run default
  run avx512-env MKL_ENABLE_INSTRUCTIONS=AVX512
  run debug5 MKL_DEBUG_CPU_TYPE=5
  run shim LD_PRELOAD="$PWD/$shim"
  run shim+avx2 LD_PRELOAD="$PWD/$shim" MKL_ENABLE_INSTRUCTIONS=AVX2
  run onednn-avx512 ONEDNN_MAX_CPU_ISA=AVX512_CORE
done
echo "load after: $(uptime)"
