#!/usr/bin/python3
"""Stage timings and a time-to-accuracy curve of one `ruot4j fit` (bench/engine/RESULTS.md, "Time to accuracy").

Usage: bench/engine/time_to_accuracy.py [--preset simulation] [--data FILE] [--out DIR] [--every N] [--seed N]
       [--env KEY=VALUE ...] [--set key=value ...]

Runs the fit with resumable checkpoints every N epochs (checkpoint.every; the score stage checkpoints per logged
block), copies each checkpoint as it appears, and samples the fit process's CPU seconds (/proc/PID/stat) and the
load average whenever one appears; the fit writes a checkpoint at the end of every stage, so these samples give
each stage's CPU seconds. After the fit each copied checkpoint is evaluated (`ruot4j evaluate --mode ode`, not
timed), giving ODE W1 at every time (and the largest ODE TMV) against the training seconds at which that checkpoint was written (the
fit's own clock, resume.json). Prints two Markdown tables: stages (wall s, CPU s, load) and the curve.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of the process and its reaped children, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(fields[k]) for k in (11, 12, 13, 14)) / TICK


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--preset", default="simulation")
    p.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "simulation_gene.csv"))
    p.add_argument("--out", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "ruot4j-tta"))
    p.add_argument("--every", type=int, default=5)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--set", action="append", default=[], help="extra 'key=value' config line (smoke tests)")
    p.add_argument("--env", action="append", default=[], help="KEY=VALUE for the fit's environment")
    a = p.parse_args()
    launcher = os.path.join(ROOT, "ruot4j")
    subprocess.run([launcher, "info", "--data", a.data], check=True, stdout=subprocess.DEVNULL)  # build first
    out = os.path.abspath(a.out)
    shutil.rmtree(out, ignore_errors=True)
    snaps = out + "-snapshots"
    shutil.rmtree(snaps, ignore_errors=True)
    os.makedirs(snaps)
    cfg = out + "-bench.conf"
    with open(cfg, "w") as f:
        f.write(f"preset = {a.preset}\n")  # the CLI takes --preset or --config, not both
        f.write(f"checkpoint.every = {a.every}\n")
        for kv in a.set:
            k, v = kv.split("=", 1)
            f.write(f"{k.strip()} = {v.strip()}\n")
    env = dict(os.environ)
    for kv in a.env:
        k, v = kv.split("=", 1)
        env[k] = v
    cmd = [launcher, "fit", "--data", a.data, "--out", out, "--config", cfg]
    if a.seed is not None:
        cmd += ["--seed", str(a.seed)]
    load0 = load()
    t0 = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ckdir = os.path.join(out, "checkpoints")
    seen = set()
    samples = []  # (name, wall s since start, process CPU s, load)
    last_cpu = 0.0
    while proc.poll() is None:
        try:
            last_cpu = cpu_seconds(proc.pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
        if os.path.isdir(ckdir):
            for name in sorted(os.listdir(ckdir)):
                if name.startswith("ckpt-") and name not in seen:
                    try:
                        shutil.copytree(os.path.join(ckdir, name), os.path.join(snaps, name))
                    except (FileNotFoundError, shutil.Error):
                        continue  # superseded while copying; the next one follows
                    seen.add(name)
                    samples.append((name, time.time() - t0, last_cpu, load()))
        time.sleep(0.2)
    wall = time.time() - t0
    err = proc.stderr.read()
    if proc.returncode != 0:
        sys.exit(f"fit failed ({proc.returncode}): {err[-2000:]}")
    load1 = load()
    with open(os.path.join(out, "metrics.json")) as f:
        metrics = json.load(f)
    stage_s = metrics.get("seconds", {})
    # CPU seconds per stage: the sample at the checkpoint that first lists a stage as completed
    stage_end_cpu = {}
    stage_end_load = {}
    curve = []
    for name, w, c, l in samples:
        with open(os.path.join(snaps, name, "resume.json")) as f:
            r = json.load(f)
        done = r.get("completed_stages") or []
        running = r.get("running") or {}
        phase = f"{running.get('phase')} epoch {running.get('epoch')}" if running else "stage end"
        for st in done:
            if st not in stage_end_cpu:
                stage_end_cpu[st] = c
                stage_end_load[st] = l
        curve.append((name, phase, w, c, done))
    print(f"preset {a.preset}, seed {a.seed if a.seed is not None else 'preset default'}, env {a.env or 'default'}")
    print(f"load average at start {load0:.1f}, at end {load1:.1f}; process wall {wall:.1f} s, "
          f"CPU {last_cpu:.1f} s (last sample before exit)")
    print()
    print("| stage | stage s (fit's clock) | CPU s | load at stage end |")
    print("|---|---:|---:|---:|")
    prev = 0.0
    for st in ("pretrain", "score", "train"):
        c = stage_end_cpu.get(st)
        print(f"| {st} | {stage_s.get(st, float('nan')):.1f} | "
              f"{(c - prev) if c is not None else float('nan'):.1f} | {stage_end_load.get(st, float('nan')):.1f} |")
        prev = c if c is not None else prev
    print(f"| total | {stage_s.get('total', float('nan')):.1f} | {last_cpu:.1f} (process) | {load1:.1f} |")
    print()
    times = None
    rows = []
    for name, secs, w, c, done in curve:
        res = subprocess.run([launcher, "evaluate", "--model", os.path.join(snaps, name), "--data", a.data,
                              "--mode", "ode", "--out", os.path.join(snaps, name, "eval.json")],
                             capture_output=True, text=True)
        if res.returncode != 0:
            rows.append((name, secs, w, c, done, None))
            continue
        with open(os.path.join(snaps, name, "eval.json")) as f:
            ev = json.load(f)
        w1 = ev["ode"]["w1"]
        tmv = [v for v in ev["ode"].get("tmv", []) if v is not None]
        if times is None:
            times = ev["times"][-len(w1):]
        rows.append((name, secs, w, c, done, (w1, max(tmv) if tmv else None)))
    head = " | ".join(f"W1 t={x}" for x in (times or []))
    print(f"| checkpoint | stages done | at | wall s | CPU s | {head} | ODE TMV max |")
    print("|---|---|---|---:|---:|" + "---:|" * len(times or []) + "---:|")
    for name, phase, w, c, done, acc in rows:
        if acc:
            w1, tmv = acc
            vals = " | ".join("-" if v is None else f"{v:.4f}" for v in w1)
            vals += " | " + ("-" if tmv is None else f"{tmv:.4f}")
        else:
            vals = "evaluation failed"
        print(f"| {name} | {'+'.join(done) or '-'} | {phase} | {w:.1f} | {c:.1f} | {vals} |")


if __name__ == "__main__":
    main()
