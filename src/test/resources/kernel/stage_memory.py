"""Runs many training stages in one ruot4j kernel and reports its memory after each (KernelMemoryTest).

Run as:  /usr/bin/python3 stage_memory.py WORKDIR RUNS
with JUPYTER_PATH pointing at a prefix holding the ruot4j kernelspec and WORKDIR holding small.csv. Each run is one
cell that changes the seed and runs one stage with a tiny configuration (pretrain, score, train, pretrain, …); on odd
runs the seed is set by `%ruot config` (the session closes its trainer and builds a new one), on even runs by
`%ruot seed` (the same trainer runs again). After each run it prints one line

    run N rss_kb R arrays A

R: VmRSS of the kernel process (/proc/PID/status); A: NDArrays alive in the model's NDManager tree (parameters and
the trainer's data tensors; per-step tensors must have been closed by then). After the first three runs and at
the end, a configuration change closes the trainer and it prints "warm trainer closed arrays A" and "trainer closed
arrays A parameters P". It exits with 1 and the failing cell's
reply on the first error; the Java test judges the numbers.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

WORKDIR = sys.argv[1]
RUNS = int(sys.argv[2])
TIMEOUT = 120
STAGES = ["pretrain", "score", "train"]


def execute(kc, code):
    """Runs code; returns (execute_reply content, text/plain of the execute_result or None)."""
    msg_id = kc.execute(code)
    deadline = time.time() + TIMEOUT
    result = None
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"].get("text/plain")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
    if reply["content"]["status"] != "ok":
        print("cell failed: " + code + "\n" + json.dumps(reply["content"], default=str)[:2000], flush=True)
        sys.exit(1)
    return reply["content"], result


def vmrss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def main():
    t0 = time.time()
    km = KernelManager(kernel_name="ruot4j")
    km.start_kernel(cwd=WORKDIR)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        pid = km.provisioner.pid
        print(f"kernel pid {pid} ready in {time.time() - t0:.1f} s", flush=True)
        execute(kc, "%ruot load small.csv\n%ruot preset quick\n"
                    "%ruot config width=16 depth=1 growth_width=16 growth_depth=1 score_width=16 score_depth=1 "
                    "step=0.1 eval.step=0.1 train.step=0.1 pretrain.epochs=3 pretrain.refine_epochs=1 "
                    "score.iterations=4 score.batch=20 train.epochs=1")
        count = "ruot.model().store().manager().getManagedArrays().size()"
        for run in range(1, RUNS + 1):
            # odd runs: a config change closes the session's trainer and the stage builds a new one; even runs: the
            # same trainer again (per-epoch tensors leaked into its data manager would pile up there)
            setting = f"%ruot config seed={run}" if run % 2 == 1 else f"%ruot seed {run}"
            execute(kc, setting + "\n%ruot " + STAGES[(run - 1) % len(STAGES)])
            _, arrays = execute(kc, count)
            print(f"run {run} rss_kb {vmrss_kb(pid)} arrays {arrays}", flush=True)
            if run == len(STAGES):
                # every stage has run once (networks create a few constants on first use): the reference for
                # what a closed trainer leaves behind
                execute(kc, "%ruot config seed=0")
                _, arrays = execute(kc, count)
                print(f"warm trainer closed arrays {arrays}", flush=True)
        # a configuration change closes the trainer: only the parameters may stay
        execute(kc, "%ruot config seed=0")
        _, arrays = execute(kc, count)
        _, params = execute(kc, "ruot.model().store().names().size()")
        print(f"trainer closed arrays {arrays} parameters {params}", flush=True)
        print(f"done in {time.time() - t0:.1f} s", flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
