"""Kernel start to first executed cell, measured through jupyter_client.

Usage:  JUPYTER_PATH=PREFIX/share/jupyter /usr/bin/python3 bench/kernel/startup.py [RUNS]
after  ./ruot4j kernel install --prefix PREFIX  (add --no-cds to measure without the start-up archive).

Per run: t0 = KernelManager.start_kernel() is called; "ready" = the kernel_info reply arrived
(wait_for_ready); "first cell" = the execute_reply of `1 + 1` arrived (JShell compiled and ran it).
"cpu" = user + system CPU seconds the kernel process had used by then (from /proc; on a loaded machine
the wall times stretch, the CPU time does not). Prints one line per run and the medians.
"""
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ready, first, cpu = [], [], []


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


for i in range(runs):
    km = KernelManager(kernel_name="ruot4j")
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    t1 = time.perf_counter()
    reply = kc.execute_interactive("1 + 1", timeout=120, output_hook=lambda msg: None)
    t2 = time.perf_counter()
    assert reply["content"]["status"] == "ok", reply["content"]
    c = cpu_seconds(km.provisioner.pid)
    ready.append(t1 - t0)
    first.append(t2 - t0)
    cpu.append(c)
    print(f"run {i + 1}: ready {t1 - t0:.2f} s, first cell done {t2 - t0:.2f} s, kernel cpu {c:.2f} s", flush=True)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
print(f"median of {runs}: ready {statistics.median(ready):.2f} s, first cell done {statistics.median(first):.2f} s, "
      f"kernel cpu {statistics.median(cpu):.2f} s")
