"""Drives the installed ruot4j kernel with jupyter_client to check the display and reliability items of issues
14 and 17: help_links, arrays, display(x) without a result, Javadoc on inspect, %lsmagic, System.exit trapped,
a full heap reported as out of memory without a hang, and the kernel alive with its state after each.

Run by KernelFeaturesTest as:  /usr/bin/python3 drive_features.py WORKDIR   (WORKDIR holds small.csv; the
kernelspec is installed with a small heap). Prints "ok <name>" per check; the first failure raises.
"""
import sys
import time

sys.path.insert(0, sys.path[0])
import drive_kernel as dk  # noqa: E402  (same folder: start, execute, check, result_text)

check, execute, result_text, dump = dk.check, dk.execute, dk.result_text, dk.dump


def kinds(out):
    return [m["msg_type"] for m in out if m["msg_type"] in ("execute_result", "display_data", "stream", "error")]


def checks(km, kc):
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=dk.TIMEOUT)["content"]
    links = {l["text"]: l["url"] for l in info.get("help_links", [])}
    check("help_links", any("README" in t for t in links) and any("tutorials" in t for t in links)
          and all(u.startswith("https://") for u in links.values()), dump(info)[:400])

    reply, out = execute(kc, "int kept = 41;\nnew double[] {0.5, 1, 2}")
    check("primitive array", result_text(out) == "double[3]\n[0.5, 1.0, 2.0]", dump(out)[:400])
    reply, out = execute(kc, "new int[][] {{1, 2}, {3, 4}}")
    check("nested array", result_text(out) == "int[2][2]\n[[1, 2],\n [3, 4]]", dump(out)[:400])
    reply, out = execute(kc, "IntStream.range(0, 5000).toArray()")
    check("large array summarised", result_text(out) == "int[5000]\n[0, 1, 2, ..., 4997, 4998, 4999]", dump(out)[:400])

    reply, out = execute(kc, "display(Table.create(\"t\", DoubleColumn.create(\"x\", 1, 2)))")
    check("display shows once, no id as result", kinds(out) == ["display_data"], dump(out)[:600])
    reply, out = execute(kc, "String id = display(\"shown\");\nid.length()")
    check("display id still usable", result_text(out) == "36", dump(out)[:400])

    code = "ruot.load("
    kc.inspect(code, len(code) - 1, 1)
    c = kc.get_shell_msg(timeout=dk.TIMEOUT)["content"]
    text = c.get("data", {}).get("text/plain", "")
    check("inspect shows Javadoc", c["found"] and "Session.load(String pathOrName)" in text
          and "registered dataset name" in text, dump(c)[:600])

    reply, out = execute(kc, "%lsmagic")
    text = "".join(m["content"]["data"].get("text/plain", "") for m in out if m["msg_type"] == "display_data")
    check("lsmagic", reply["status"] == "ok" and "%ruot" in text and "%lsmagic" in text and "%%ruot" in text
          and "%maven" in text, dump(out)[:600])

    reply, out = execute(kc, "System.out.println(\"before\");\nSystem.exit(1);\nSystem.out.println(\"after\");")
    check("System.exit trapped", reply["status"] == "error" and reply["ename"] == "SystemExit"
          and "does not exit" in reply["evalue"], dump(reply)[:400])
    reply, out = execute(kc, "kept + 1")
    check("alive with state after System.exit", km.is_alive() and result_text(out) == "42", dump(out)[:400])

    # Fill the heap and keep it full (a notebook variable), then ask for a load: refused at once, as memory.
    # (about 8% given back, so that small cells still compile; the heap stays over the 90% refusal mark). The memory
    # guard may stop this cell while it fills the heap (a full collection leaves it over 97%): `finally` gives the 8%
    # back then too; without it the heap stayed full and every later cell was stopped in its turn
    reply, out = execute(kc, "List<long[]> hog = new ArrayList<>();\n"
                             "try { while (true) hog.add(new long[1 << 16]); } catch (OutOfMemoryError e) { }\n"
                             "finally { hog.subList(0, hog.size() / 12).clear(); }")
    check("heap filled", reply["status"] == "ok" or reply["evalue"].startswith("out of memory"), dump(reply)[:400])
    # the variable is still there; or, where compiling this cell needed the last few percent, the memory guard
    # stopped it and said so (either way the heap stays full for the checks below)
    reply, out = execute(kc, "hog.size() > 0")
    check("heap kept full", result_text(out) == "true" or (reply["status"] == "error"
          and reply["evalue"].startswith("out of memory: ")), dump(reply)[:400])
    t0 = time.time()
    reply, out = execute(kc, "%ruot load small.csv", timeout=120)
    took = time.time() - t0
    check("load under memory pressure says out of memory", reply["status"] == "error"
          and reply["evalue"].startswith("out of memory: ") and "raise the heap" in reply["evalue"], dump(reply)[:500])
    check("no hang under memory pressure", took < 60, f"{took:.1f} s")
    print(f"refused in {took:.1f} s", flush=True)
    reply, out = execute(kc, "%ruot pretrain", timeout=120)
    check("pretrain under memory pressure says out of memory", reply["status"] == "error"
          and "out of memory" in reply["evalue"] and "Failed to load PyTorch" not in reply["evalue"], dump(reply)[:500])
    reply, out = execute(kc, "hog = null;\nkept")
    check("alive with state after memory pressure", result_text(out) == "41", dump(out)[:300])
    reply, out = execute(kc, "%ruot load small.csv", timeout=120)
    check("load works once memory is freed", reply["status"] == "ok", dump(reply)[:400])


def main():
    dk.run(checks)


if __name__ == "__main__":
    main()
