#!/usr/bin/python3
"""Runs a fit command, stamps every stderr line with seconds since start, and reports the time to the first progress
line (a line starting with a stage name and '['). Usage: timed.py LOG -- COMMAND...   Prints 'first_progress_s=X'
and 'wall_s=Y' and exits with the command's status; the stamped stderr goes to LOG."""
import subprocess
import sys
import time

log = sys.argv[1]
cmd = sys.argv[sys.argv.index("--") + 1:]
start = time.monotonic()
first = None
with open(log, "w") as out:
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, bufsize=1)
    for line in p.stderr:
        t = time.monotonic() - start
        out.write("%8.2f %s" % (t, line))
        out.flush()
        head = line.lstrip("\r").split()
        if first is None and len(head) > 1 and head[1].startswith("[") and head[0] in (
                "pretrain", "refine", "score", "train"):
            first = t
    rc = p.wait()
print("first_progress_s=%s" % ("%.1f" % first if first is not None else "none"))
print("wall_s=%.1f" % (time.monotonic() - start))
sys.exit(rc)
