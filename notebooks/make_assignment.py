"""Writes a course assignment's student copy, solutions and hidden tests from the instructor's notebook.

Usage: /usr/bin/python3 make_assignment.py INSTRUCTOR.ipynb STUDENT.ipynb SOLUTIONS.json TESTS.json
Defaults: instructor/05-assignment.ipynb, 05-assignment.ipynb, solutions/05-assignment.json,
solutions/05-assignment-tests.json (next to this script).

The instructor's notebook is the one source. In it:
  - a code cell tagged "solution" holds the model answer; its metadata ruot4j.stub is what students get instead;
  - a code cell tagged "hidden-test" is a test the grader (`ruot4j grade`) appends after the student's notebook;
    its metadata ruot4j has "exercise" (the name in grades.json), "points" and "forbid" (regular expressions that
    the student's code must not match, e.g. the reference implementation's name); it is left out of the student
    copy. Its source may use {{seed}} (fresh each grading run) and {{nonce}};
  - a markdown cell tagged "written-answer" is where students write; the grader reports whether it was filled in;
  - notebook metadata ruot4j.forbid_everywhere: expressions forbidden in every exercise (reflection and such).
STUDENT.ipynb is the notebook handed out (stubs, no hidden tests, no outputs); SOLUTIONS.json maps each solution
cell id to its answer (what make_solutions.py fills in); TESTS.json is what `ruot4j grade --tests` reads.
Each file is written atomically. Keep the instructor notebook, SOLUTIONS.json and TESTS.json out of what
students can see (see the README, "Grading a course").
"""
import copy
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def text(src):
    return "".join(src) if isinstance(src, list) else src


def write_json(obj, out):
    """Writes obj as indented UTF-8 JSON (a notebook, answers, tests) to out atomically: a temporary file in the
    same folder, then a rename, so a reader never sees half a file. make_solutions.py writes with it too."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(out)), suffix=os.path.splitext(out)[1])
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, out)


def make(instructor, student_out, solutions_out, tests_out):
    with open(instructor, encoding="utf-8") as f:
        nb = json.load(f)
    meta = nb.get("metadata", {}).get("ruot4j", {})
    student = copy.deepcopy(nb)
    cells, solutions, tests, given, written = [], {}, [], [], []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        ruot = cell.get("metadata", {}).get("ruot4j", {})
        cid = cell.get("id")
        if "hidden-test" in tags:
            for key in ("exercise", "points"):
                if key not in ruot:
                    raise SystemExit(f"{instructor}: hidden-test cell '{cid}' has no metadata ruot4j.{key}")
            tests.append({"name": ruot["exercise"], "points": ruot["points"], "forbid": ruot.get("forbid", []),
                          "source": text(cell["source"])})
            continue
        c = copy.deepcopy(cell)
        if "solution" in tags:
            if cell.get("cell_type") != "code" or "stub" not in ruot:
                raise SystemExit(f"{instructor}: solution cell '{cid}' has no metadata ruot4j.stub")
            solutions[cid] = text(cell["source"])
            c["source"] = ruot["stub"]
            c["metadata"] = {k: v for k, v in c["metadata"].items() if k != "ruot4j"}
        elif c.get("cell_type") == "code":
            given.append(text(c["source"]))
        if "written-answer" in tags:
            written.append(cid)
        if c.get("cell_type") == "code":
            c["outputs"] = []
            c["execution_count"] = None
        cells.append(c)
    if not solutions or not tests:
        raise SystemExit(f"{instructor}: no solution cells or no hidden-test cells")
    student["cells"] = cells
    student["metadata"]["ruot4j"] = {"assignment": meta.get("assignment", os.path.basename(student_out)),
                                     "note": "student copy, written by make_assignment.py"}
    write_json(student, student_out)
    write_json(solutions, solutions_out)
    write_json({"assignment": meta.get("assignment", ""), "forbid_everywhere": meta.get("forbid_everywhere", []),
                "tests": tests, "given": given, "written": written}, tests_out)
    return len(solutions), len(tests)


if __name__ == "__main__":
    args = sys.argv[1:] + [None] * (4 - len(sys.argv[1:]))
    i = args[0] or os.path.join(HERE, "instructor", "05-assignment.ipynb")
    s = args[1] or os.path.join(HERE, "05-assignment.ipynb")
    o = args[2] or os.path.join(HERE, "solutions", "05-assignment.json")
    t = args[3] or os.path.join(HERE, "solutions", "05-assignment-tests.json")
    n, m = make(i, s, o, t)
    print(f"wrote {s} ({n} exercises), {o} and {t} ({m} hidden tests)")
