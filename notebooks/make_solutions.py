"""Writes the solutions copy of a course assignment notebook.

Usage: /usr/bin/python3 make_solutions.py [ASSIGNMENT.ipynb [SOLUTIONS.json [OUT.ipynb]]]
Defaults: 05-assignment.ipynb, solutions/05-assignment.json, 05-assignment-solutions.ipynb (next to this script).

Every code cell tagged "solution" in the assignment is replaced by the code stored under its cell id in the
solutions file (a JSON object: cell id -> source). A solution cell without a stored answer, or a stored answer
without its cell, is an error, so the two files cannot drift apart silently. Outputs are cleared; the copy is
written atomically.
"""
import json
import os
import sys

from make_assignment import write_json  # same folder: the script's folder is first on sys.path

HERE = os.path.dirname(os.path.abspath(__file__))


def make(assignment, solutions_file, out):
    with open(assignment, encoding="utf-8") as f:
        nb = json.load(f)
    with open(solutions_file, encoding="utf-8") as f:
        solutions = json.load(f)
    used = set()
    for cell in nb["cells"]:
        if "solution" not in cell.get("metadata", {}).get("tags", []):
            continue
        cid = cell.get("id")
        if cell.get("cell_type") != "code" or cid not in solutions:
            raise SystemExit(f"{assignment}: solution cell '{cid}' has no answer in {solutions_file}")
        cell["source"] = solutions[cid]
        used.add(cid)
    unused = sorted(set(solutions) - used)
    if unused:
        raise SystemExit(f"{solutions_file}: answers for cells not tagged 'solution' in {assignment}: {unused}")
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.setdefault("metadata", {})["ruot4j"] = {"generated_from": os.path.basename(assignment),
                                               "note": "solutions copy, written by make_solutions.py"}
    write_json(nb, out)
    return len(used)


if __name__ == "__main__":
    a = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "05-assignment.ipynb")
    s = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "solutions", "05-assignment.json")
    o = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "05-assignment-solutions.ipynb")
    n = make(a, s, o)
    print(f"wrote {o} ({n} solution cells filled in)")
