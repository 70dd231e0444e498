"""Drives the installed ruot4j kernel over the Jupyter protocol with jupyter_client (Debian python3-jupyter-client).

Run by KernelProtocolTest as:  /usr/bin/python3 drive_kernel.py WORKDIR
with JUPYTER_PATH pointing at a prefix where `ruot4j kernel install --prefix` wrote the kernelspec and
WORKDIR holding small.csv. Each check prints one line "ok <name>"; the first failed check raises
(exit code 1) with what was expected and what came back.
"""
import json
import os
import queue
import sys
import time

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

WORKDIR = sys.argv[1]
TIMEOUT = 240


def dump(x):
    return json.dumps(x, default=str)


def check(name, cond, detail=""):
    if not cond:
        raise AssertionError(f"{name}: {detail}")
    print(f"ok {name}", flush=True)


def drain(kc):
    """Forget iopub messages of earlier requests."""
    while True:
        try:
            kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            return


def execute(kc, code, timeout=TIMEOUT, on_output=None):
    """Runs code; returns (execute_reply content, list of iopub messages of this request)."""
    msg_id = kc.execute(code)
    outputs = []
    deadline = time.time() + timeout
    idle = False
    while not idle:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        outputs.append(msg)
        if on_output:
            on_output(msg)
        idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
    reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
    return reply["content"], outputs


def result_text(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"].get("text/plain")
    return None


def start():
    km = KernelManager(kernel_name="ruot4j")
    km.start_kernel(cwd=WORKDIR)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


def run(checks_of):
    """Starts the kernel, runs checks_of(km, kc) (the first failed check raises) and always shuts the kernel down."""
    t0 = time.time()
    km, kc = start()
    print(f"kernel ready in {time.time() - t0:.1f} s", flush=True)
    try:
        checks_of(km, kc)
    finally:
        if km.is_alive():
            km.shutdown_kernel(now=True)
    print(f"all checks passed in {time.time() - t0:.1f} s", flush=True)


def interrupt(km, kc, msg_id, timeout):
    """Interrupts the kernel and returns the shell reply to the execute request msg_id (skipping older replies)."""
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply


def main():
    run(checks)


def checks(km, kc):
    # kernel_info
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check("kernel_info", info["implementation"] == "ruot4j" and info["language_info"]["name"] == "java"
          and info["status"] == "ok", dump(info)[:400])

    # execute: result, execution counts, streams
    reply, out = execute(kc, 'String greeting = "hello"; int base = 40;\nSystem.out.println(greeting);\nbase + 2')
    check("execute result", reply["status"] == "ok" and result_text(out) == "42", dump(reply))
    streams = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream")
    check("stdout stream", streams == "hello\n", repr(streams))
    first_count = reply["execution_count"]
    reply, _ = execute(kc, "base")
    check("execution count increments", reply["execution_count"] == first_count + 1, dump(reply))

    # streams arrive while a cell runs, not only at its end
    stamps = []
    execute(kc, 'for (int i = 0; i < 3; i++) { System.out.println("tick " + i); Thread.sleep(600); }',
            on_output=lambda m: stamps.append(time.time()) if m["msg_type"] == "stream" else None)
    check("streamed while running", len(stamps) >= 2 and stamps[-1] - stamps[0] > 0.5, repr(stamps))

    # complete
    code = "greeting.toUpp"
    kc.complete(code, len(code))
    c = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check("complete member", any(m.startswith("toUpperCase") for m in c["matches"])
          and c["cursor_start"] == code.index("toUpp") and c["cursor_end"] == len(code), dump(c))
    kc.complete("%ru", 3)
    c = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check("complete magic name", "%ruot" in c["matches"] and c["cursor_start"] == 0, dump(c))
    kc.complete("%ruot pre", 9)
    c = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check("complete magic command", c["matches"] == ["preset", "pretrain"] and c["cursor_start"] == 6, dump(c))

    # inspect
    kc.inspect("Math.max", 6, 0)
    c = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check("inspect method", c["found"] and "max(int" in c["data"]["text/plain"], dump(c)[:400])
    kc.inspect("base", 2, 0)
    c = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check("inspect variable", c["found"] and "int" in c["data"]["text/plain"] and "40" in c["data"]["text/plain"],
          dump(c)[:400])

    # is_complete
    def is_complete(src):
        kc.is_complete(src)
        return kc.get_shell_msg(timeout=TIMEOUT)["content"]
    r = is_complete("for (int i = 0; i < 3; i++) {")
    check("is_complete incomplete", r["status"] == "incomplete" and r.get("indent") == "    ", dump(r))
    check("is_complete complete", is_complete("int z = 1;")["status"] == "complete")
    check("is_complete invalid", is_complete("int 3x = )")["status"] == "invalid")
    check("is_complete magic", is_complete("%ruot status")["status"] == "complete")

    # history
    kc.history(hist_access_type="tail", n=100, output=False, raw=True)
    h = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    inputs = [entry[2] for entry in h["history"]]
    check("history tail", h["status"] == "ok" and "base" in inputs and any("greeting" in i for i in inputs),
          dump(h)[:400])
    kc.history(hist_access_type="search", pattern="base*", output=True, raw=True, n=10, unique=True)
    h = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check("history search with output", [e[2] for e in h["history"]] == [["base", "40"]], dump(h)[:400])

    # an exception in a cell: error reply with a Java stack trace; the kernel lives on
    reply, out = execute(kc, "Object o = null;\no.toString()")
    errors = [m["content"] for m in out if m["msg_type"] == "error"]
    check("error reply", reply["status"] == "error" and reply["ename"] == "java.lang.NullPointerException"
          and errors and any("cell code" in line for line in errors[0]["traceback"]), dump(reply)[:600])
    reply, out = execute(kc, "base + 1")
    check("alive after error", result_text(out) == "41")

    # OutOfMemoryError in a cell leaves the kernel alive
    # (a block, so that what it allocated is garbage once the error is thrown)
    reply, out = execute(kc, "{ List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[1 << 20]); }")
    check("out of memory reported", reply["status"] == "error" and reply["ename"] == "java.lang.OutOfMemoryError",
          dump(reply)[:300])
    reply, out = execute(kc, "base + 3")
    check("alive after OutOfMemoryError", result_text(out) == "43", dump(reply)[:300])

    # interrupt a long-running Java loop
    msg_id = kc.execute("long spins = 0; while (true) { spins++; }")
    time.sleep(2)
    reply = interrupt(km, kc, msg_id, 60)
    check("interrupt loop", reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted",
          dump(reply["content"])[:300])
    drain(kc)
    reply, out = execute(kc, "base + 4")
    check("next cell after interrupt", result_text(out) == "44")

    # interrupt a long-running training stage: it stops at a step boundary, the model stays usable
    reply, _ = execute(kc, "%ruot load small.csv\n%ruot preset quick\n%ruot config pretrain.epochs=100000 seed=3")
    check("stage setup", reply["status"] == "ok", dump(reply)[:300])
    msg_id = kc.execute("%ruot pretrain")
    progress = None
    deadline = time.time() + TIMEOUT
    while progress is None and time.time() < deadline:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] in ("display_data", "update_display_data"):
            progress = m
    check("live progress display", progress is not None and "image/png" in progress["content"]["data"]
          and progress["content"].get("transient", {}).get("display_id"), dump(progress)[:300])
    reply = interrupt(km, kc, msg_id, 120)
    check("interrupt stage", reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted",
          dump(reply["content"])[:300])
    drain(kc)
    reply, out = execute(kc, "ruot.wasCancelled() + \" \" + (ruot.history().size() > 0) + \" \" + "
                             "(ruot.model() != null)")
    check("stage cancelled, history kept", result_text(out) == "true true true", result_text(out))
    reply, out = execute(kc, "%ruot eval")
    html = [m["content"]["data"].get("text/html", "") for m in out if m["msg_type"] == "display_data"]
    check("model usable after interrupt", reply["status"] == "ok" and html and "W1" in html[0], dump(reply)[:300])

    # a message signed with the wrong key: no reply, no execution, the kernel keeps serving
    forged_file = os.path.join(WORKDIR, "forged.txt")
    forger = Session(key=b"not-the-connection-key", username="mallory")
    forged = forger.msg("execute_request", content={
        "code": 'Files.writeString(Path.of("forged.txt"), "x"); int forged = 1;', "silent": False,
        "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    forger.send(kc.shell_channel.socket, forged)
    try:
        stray = kc.get_shell_msg(timeout=3)
        check("forged message ignored", False, "got a reply: " + dump(stray["content"])[:200])
    except queue.Empty:
        check("forged message ignored", True)
    check("forged message not executed", not os.path.exists(forged_file))
    reply, out = execute(kc, "forged")
    check("forged variable absent", reply["status"] == "error" and reply["ename"] == "CompilationError",
          dump(reply)[:300])
    reply, out = execute(kc, "base + 5")
    check("serving after forged message", result_text(out) == "45")

    # restart: a fresh kernel process, empty state, counts from 1
    old_pid = km.provisioner.pid if getattr(km, "provisioner", None) else None
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    drain(kc)
    new_pid = km.provisioner.pid if getattr(km, "provisioner", None) else None
    reply, out = execute(kc, "base")
    check("restart clears state", reply["status"] == "error" and reply["execution_count"] == 1,
          dump(reply)[:300])
    check("restart new process", old_pid is None or old_pid != new_pid, f"{old_pid} -> {new_pid}")
    reply, out = execute(kc, "6 * 7")
    check("works after restart", result_text(out) == "42")

    # shutdown: the process exits by itself
    kc.shutdown()  # sent on the control channel; the reply comes back there
    reply = kc.get_control_msg(timeout=30)
    check("shutdown reply", reply["msg_type"] == "shutdown_reply", dump(reply["content"]))
    deadline = time.time() + 30
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.2)
    check("process exited", not km.is_alive())
    kc.stop_channels()


if __name__ == "__main__":
    main()
