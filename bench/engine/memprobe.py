#!/usr/bin/env python3
"""Attributes the resident memory of a running `ruot4j fit` JVM to the Java heap, the JVM's own native memory and
everything else (libtorch tensors, glibc malloc arenas), at chosen pretraining epochs.

usage: memprobe.py EPOCHS -- COMMAND...
  EPOCHS  comma-separated pretraining epochs to sample at (e.g. 20,50,100,150,200)
  COMMAND the fit command line; its stderr (progress lines) is read here, its pid must be the JVM (the launcher
          execs java)

Per sample: VmRSS; heap RSS (resident pages of the Java heap's address range, from GC.heap_info + smaps); heap
committed and used (GC.heap_info); NMT committed total without the heap (when the JVM runs with
-XX:NativeMemoryTracking=summary); and "other" = VmRSS - heap RSS - file-backed RSS, i.e. anonymous memory outside
the heap (JVM metaspace/code/threads plus libtorch and malloc).
"""
import re
import subprocess
import sys


def heap_range(pid):
    """(committed MB, used MB, lowest address, highest address) of the Java heap, for G1 and Serial GC."""
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    total = used = 0
    lo, hi = None, None
    for m in re.finditer(r"(garbage-first heap|def new generation|tenured generation)\s+total (\d+)K, used (\d+)K"
                         r" \[(0x[0-9a-f]+), (?:0x[0-9a-f]+, )?(0x[0-9a-f]+)\)", out):
        total += int(m.group(2))
        used += int(m.group(3))
        a, b = int(m.group(4), 16), int(m.group(5), 16)
        lo = a if lo is None else min(lo, a)
        hi = b if hi is None else max(hi, b)
    if lo is None:
        return None
    return total // 1024, used // 1024, lo, hi


def smaps(pid, lo, hi):
    heap_kb = 0
    file_kb = 0
    cur_in_heap = False
    cur_file = False
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            h = re.match(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$", line)
            if h:
                a, b = int(h.group(1), 16), int(h.group(2), 16)
                cur_in_heap = a < hi and b > lo
                cur_file = h.group(3) != "0" and h.group(4).startswith("/")
                continue
            if line.startswith("Rss:"):
                kb = int(line.split()[1])
                if cur_in_heap:
                    heap_kb += kb
                elif cur_file:
                    file_kb += kb
    return heap_kb // 1024, file_kb // 1024


def nmt_nonheap(pid):
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
    tot = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", out)
    heap = re.search(r"Java Heap \(reserved=\d+KB, committed=(\d+)KB\)", out)
    if not tot or not heap:
        return None
    return (int(tot.group(1)) - int(heap.group(1))) // 1024


def vmrss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def main():
    epochs = {int(e) for e in sys.argv[1].split(",")}
    cmd = sys.argv[sys.argv.index("--") + 1:]
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    print("| epoch | VmRSS | heap RSS | heap committed | heap used | file RSS | other anon | NMT non-heap |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    seen = set()
    for line in p.stderr:
        m = re.match(r"^pretrain +\[[#.]+\] (\d+)/", line)
        if not m:
            if line.startswith("ruot4j") or "Exception" in line or "Error" in line:
                sys.stderr.write(line)
            continue
        e = int(m.group(1))
        if e in epochs and e not in seen:
            seen.add(e)
            rss = vmrss(p.pid)
            hr = heap_range(p.pid)
            if hr:
                hc, hu, lo, hi = hr
                heap_rss, file_rss = smaps(p.pid, lo, hi)
            else:
                hc = hu = heap_rss = file_rss = -1
            nmt = nmt_nonheap(p.pid)
            other = rss - heap_rss - file_rss
            print(f"| {e} | {rss} | {heap_rss} | {hc} | {hu} | {file_rss} | {other} | {nmt if nmt is not None else '-'} |",
                  flush=True)
    p.wait()
    sys.exit(p.returncode)


if __name__ == "__main__":
    main()
