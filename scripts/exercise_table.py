#!/usr/bin/env python3
"""The per-exercise test table of each chapter's notes, generated from the test files.

Every graded TEST_CASE of tests/chNN_*_test.cpp carries [exN.M] (the exercise it grades) and
[points=P]. This script writes, into chapters/NN_name/README.md between the markers
<!-- exercise-tests:begin --> and <!-- exercise-tests:end --> (inserted before "Written exercises"
the first time), a Markdown table: exercise, the command that runs its tests, its tests, points.

    python3 scripts/exercise_table.py            # rewrite the tables of every chapter
    python3 scripts/exercise_table.py --check    # exit 1 if a table is out of date (or a test untagged)
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN, END = "<!-- exercise-tests:begin -->", "<!-- exercise-tests:end -->"
TEST_RE = re.compile(r'^TEST_CASE\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*"([^"]*)"', re.M)


def tests_of(path):
    src = open(path, encoding="utf-8").read()
    # join a TEST_CASE whose tags are on the next line
    src = re.sub(r'^(TEST_CASE\("(?:[^"\\]|\\.)*",)\s*\n\s*', r"\1 ", src, flags=re.M)
    out = []
    for name, tags in TEST_RE.findall(src):
        exs = re.findall(r"\[ex(\d+\.\d+)\]", tags)
        pts = re.search(r"\[points=(\d+)\]", tags)
        out.append((name, exs, int(pts.group(1)) if pts else 1))
    return out


def key(ex):
    return tuple(int(x) for x in ex.split("."))


def table(tests):
    by_ex = {}
    for name, exs, pts in tests:
        for e in exs:
            by_ex.setdefault(e, []).append((name, pts, [x for x in exs if x != e]))
    lines = ["| Exercise | Run its tests | Tests (points) | Points |", "|---|---|---|---|"]
    for e in sorted(by_ex, key=key):
        cells, total = [], 0
        for name, pts, shared in by_ex[e]:
            note = f", shared with {', '.join(shared)}" if shared else ""
            cells.append(f"{name} ({pts}{note})")
            total += pts
        lines.append(f"| {e} | `scripts/check.sh {e}` | {'; '.join(cells)} | {total} |")
    chapter_total = sum(p for _, _, p in tests)
    lines.append(f"| all | `scripts/check.sh {key(sorted(by_ex, key=key)[0])[0]:02d}` | the whole chapter | {chapter_total} |")
    return "\n".join(lines)


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for test in sorted(glob.glob(os.path.join(ROOT, "tests", "ch[0-9][0-9]_*_test.cpp"))):
        nn = os.path.basename(test)[2:4]
        notes = glob.glob(os.path.join(ROOT, "chapters", nn + "_*", "README.md"))
        if not notes:
            continue
        tests = tests_of(test)
        untagged = [n for n, exs, _ in tests if not exs]
        if untagged:
            print(f"{test}: test(s) without an [exN.M] tag: {untagged}", file=sys.stderr)
            stale.append(test)
            continue
        block = (f"{BEGIN}\nThe tests of each exercise (generated from `tests/{os.path.basename(test)}` by "
                 f"`scripts/exercise_table.py`; a test listed under two exercises needs both):\n\n"
                 f"{table(tests)}\n{END}")
        path = notes[0]
        text = open(path, encoding="utf-8").read()
        if BEGIN in text:
            new = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda m: block, text, flags=re.S)
        else:
            at = text.find("\nWritten exercises")
            if at < 0:
                print(f"{path}: no 'Written exercises' line to put the table before", file=sys.stderr)
                stale.append(path)
                continue
            new = text[:at] + "\n" + block + "\n" + text[at:]
        if new != text:
            stale.append(path)
            if not check:
                open(path, "w", encoding="utf-8").write(new)
                print(f"updated {os.path.relpath(path, ROOT)}")
    if check and stale:
        print("out of date (run python3 scripts/exercise_table.py):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
