"""Checks an executed notebook: no cell ended in an error, and the expected output types are present.

Usage: /usr/bin/python3 check_outputs.py EXECUTED.ipynb [--require MIME ...]
Exit status 0 when the notebook passes; otherwise 1 with one line per problem on stderr.
The default requirement is at least one HTML table (text/html) and one chart (image/png).
"""
import json
import sys


def problems(path, required):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    found = set()
    out = []
    code_cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    for n, cell in enumerate(code_cells, 1):
        if cell.get("source") and cell.get("execution_count") is None:
            out.append(f"{path}: code cell {n} was not executed")
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                first = "".join(cell.get("source", "")).splitlines()[:1]
                out.append(f"{path}: code cell {n} ({first[0] if first else ''!s}) failed: "
                           f"{o.get('ename')}: {o.get('evalue')}")
            found.update(o.get("data", {}).keys())
    for mime in required:
        if mime not in found:
            out.append(f"{path}: no output of type {mime} (expected at least one)")
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    required = ["text/html", "image/png"]
    if "--require" in argv:
        i = argv.index("--require")
        required = argv[i + 1:]
        argv = argv[:i]
    bad = []
    for path in argv[1:]:
        bad += problems(path, required)
    for line in bad:
        print(line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
