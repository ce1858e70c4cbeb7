#!/usr/bin/env python3
"""Check the student edition (scripts/make_edition.py); ctest grader_edition.

 1. writes the edition into WORK/edition (answers of chapter 01 released);
 2. no line of a solution body (stripped, >= 25 characters, in no other file of the repository)
    occurs in any text file of the edition, no solutions/*.cpp, only the released ANSWERS.md;
 3. builds the edition (WORK/edition/build-check) and runs the student tests of chapters 03 and
    04 on the stubs: each binary fails cleanly (an exit code, no crash), and the reference
    flavour of chapter 04 (from prebuilt/) passes;
 4. grades the edition's chapters/ with this repository's grade.py: stubs 0 of > 0, and the
    edition with chapter 01's reference copied in: full marks.
Usage: python3 scripts/check_edition.py [--work DIR] [--keep]
Exit code 0 if every check holds, 1 otherwise. Standard library only.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def sh(cmd, **kw):
    print("$ " + " ".join(cmd), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def solution_lines():
    """Lines of the solution bodies (stripped, >= 25 characters) that occur in no other file of
    the repository (chapters/, common/, tests/, ...): the lines only the answer key has."""
    public = set()
    for d, dirs, files in os.walk(REPO):
        rel = os.path.relpath(d, REPO)
        if rel == ".":
            dirs[:] = [x for x in dirs if not x.startswith(("build", ".git", "output", "solutions"))]
        for f in files:
            if f.endswith((".cpp", ".hpp", ".h", ".md", ".txt", ".py", ".sh", ".cmake")):
                with open(os.path.join(d, f), encoding="utf-8", errors="replace") as fh:
                    public.update(l.strip() for l in fh)
    lines = set()
    for f in glob.glob(os.path.join(REPO, "solutions", "*", "*.cpp")):
        with open(f, encoding="utf-8") as fh:
            for l in fh:
                l = l.strip()
                if len(l) >= 25 and l not in public:
                    lines.add(l)
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default=os.path.join(REPO, "build-edition-check"))
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--from-build", default="", help="passed to make_edition.py (reuse a built tree)")
    ap.add_argument("--grade-build", default="", help="grade.py's build folder (reuse, e.g. the red team's)")
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    ed = os.path.join(work, "edition")
    problems = []
    t0 = time.time()
    rc, out = sh([sys.executable, os.path.join(HERE, "make_edition.py"), "--out", ed,
                  "--release-answers", "01", "--build", os.path.join(work, "reference-build")]
                 + (["--from-build", a.from_build] if a.from_build else []))
    print(out)
    if rc != 0:
        print("check_edition: FAILED: make_edition.py exited %d" % rc)
        return 1
    t_make = time.time() - t0

    # 2. No solution line anywhere.
    secret = solution_lines()
    size, nfiles = 0, 0
    for d, dirs, files in os.walk(ed):
        for f in files:
            p = os.path.join(d, f)
            size += os.path.getsize(p)
            nfiles += 1
            rel = os.path.relpath(p, ed)
            if rel.startswith("solutions/") and not rel.startswith("solutions/01_"):
                problems.append("%s is in the edition" % rel)
            if rel.endswith(".cpp") and rel.startswith("solutions/"):
                problems.append("%s (a solution source) is in the edition" % rel)
            with open(p, "rb") as fh:
                data = fh.read()
            if b"\0" in data[:4096]:
                continue       # binary (the prebuilt archives)
            text = data.decode("utf-8", "replace")
            for l in text.splitlines():
                if l.strip() in secret:
                    problems.append("%s carries a solution line: %s" % (rel, l.strip()[:80]))
                    break
    print("edition: %d files, %.1f MB, made in %.0f s; %d solution lines checked"
          % (nfiles, size / 1e6, t_make, len(secret)))

    # 3. Build and run chapters 03 and 04 of the edition.
    b = os.path.join(ed, "build-check")
    t1 = time.time()
    launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"] if shutil.which("ccache") else []
    rc, out = sh(["cmake", "-S", ed, "-B", b, "-DCMAKE_BUILD_TYPE=Release"] + launcher)
    if rc != 0:
        problems.append("the edition does not configure:\n" + out[-2000:])
    else:
        rc, out = sh(["cmake", "--build", b, "-j2", "--target", "ch03_test_student", "ch04_test_student",
                      "ch04_test_solution", "ch04_softmax"])
        if rc != 0:
            problems.append("the edition does not build:\n" + out[-3000:])
        else:
            for t in ("ch03_test_student", "ch04_test_student"):
                rc, out = sh([os.path.join(b, "tests", t)])
                tail = "\n".join(out.splitlines()[-3:])
                print(tail)
                if rc <= 0:
                    problems.append("%s on the stubs: exit %d (expected a clean failure)\n%s" % (t, rc, tail))
                if "not implemented" not in out.lower() and "notimplemented" not in out.lower():
                    problems.append("%s: the failures do not say 'not implemented'" % t)
            rc, out = sh([os.path.join(b, "tests", "ch04_test_solution")])
            print("\n".join(out.splitlines()[-2:]))
            if rc != 0:
                problems.append("ch04_test_solution (prebuilt reference) fails in the edition")
            rc, out = sh([os.path.join(b, "bin", "ch04_softmax"), "--quiet", "--no-plots",
                          "--out", os.path.join(work, "out")])
            print(out.strip()[-300:])
            if rc != 1:
                problems.append("ch04_softmax on the stubs: exit %d, expected 1 with a message" % rc)
    t_build = time.time() - t1
    print("edition build + run of ch03/ch04: %.0f s" % t_build)

    # 4. The full repository's grade.py grades submissions made from the edition.
    gb = os.path.abspath(a.grade_build) if a.grade_build else os.path.join(work, "grade-build")
    for label, prep, want_full in (("stubs", None, False), ("ch01 reference", "01", True)):
        sub = os.path.join(work, "sub-" + label.replace(" ", "-"))
        shutil.copytree(os.path.join(ed, "chapters"), os.path.join(sub, "chapters"))
        if prep:
            for f in glob.glob(os.path.join(REPO, "solutions", "01_*", "*.cpp")):
                shutil.copy(f, os.path.join(sub, "chapters", os.path.basename(os.path.dirname(f)),
                                            os.path.basename(f)))
        res = os.path.join(work, "results-%s.json" % prep)
        rc, out = sh([sys.executable, os.path.join(HERE, "grade.py"), "--student", sub, "--chapters", "01",
                      "--build", gb, "--out", res])
        print("\n".join(out.splitlines()[-8:]))
        if rc != 0:
            problems.append("grade.py on the edition (%s) exited %d" % (label, rc))
            continue
        with open(res) as f:
            r = json.load(f)
        ok = r["max_score"] > 0 and (r["score"] == r["max_score"] if want_full else r["score"] == 0)
        if not ok:
            problems.append("grade.py on the edition (%s): %s of %s" % (label, r["score"], r["max_score"]))
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print("check_edition: FAILED: " + p)
    if not problems:
        print("check_edition: all checks passed (%.0f s)" % (time.time() - t0))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
