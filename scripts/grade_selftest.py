#!/usr/bin/env python3
"""Self-test of scripts/grade.py (Python 3 standard library only).

Grades one chapter four times and checks results.json each time:
  1. this repository's stubs                         -> score 0 of max_score > 0;
  2. a student tree whose chapter is the reference   -> full marks;
  3. the same tree with legitimate extra C++ (try/catch by type, a local static) -> full marks;
  4. the same tree with a compile error in the chapter -> 0, "does not compile" reported.

Usage: python3 scripts/grade_selftest.py [--chapter 01] [--build DIR] [--jobs N]
Exit code 0 if every check holds, 1 otherwise.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GRADE = os.path.join(HERE, "grade.py")


def grade(student, chapter, build, jobs, out):
    cmd = [sys.executable, GRADE, "--student", student, "--chapters", chapter,
           "--build", build, "--out", out, "--jobs", str(jobs)]
    print("$ " + " ".join(cmd), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = p.stdout.decode("utf-8", "replace")
    print(text, flush=True)
    if p.returncode != 0:
        raise AssertionError("grade.py exited with %d" % p.returncode)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


LEGITIMATE_EXTRA = r"""
// grade_selftest: legitimate C++ a student may write
#include <stdexcept>
#include <string>
namespace nn {
namespace {
int selftest_parse(const std::string& text) {
    static const std::string fallback = "0";
    try {
        return std::stoi(text);
    } catch (const std::invalid_argument&) {
        return std::stoi(fallback);
    } catch (const std::exception&) {
        return -1;
    }
}
}  // namespace
int selftest_parse_seven() { return selftest_parse("7"); }
}  // namespace nn
"""


def check_format(r):
    for key in ("score", "max_score", "output", "tests", "stdout_visibility"):
        assert key in r, "results.json has no %r" % key
    assert r["tests"], "no tests in results.json"
    assert r["max_score"] == sum(t["max_score"] for t in r["tests"]), "max_score != sum"
    assert r["score"] == sum(t["score"] for t in r["tests"]), "score != sum of test scores"
    for t in r["tests"]:
        for key in ("name", "score", "max_score", "output", "visibility"):
            assert key in t, "test %r has no %r" % (t.get("name"), key)
        assert 0 <= t["score"] <= t["max_score"], "bad score in %r" % t["name"]
        assert t["visibility"] in ("visible", "after_published")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapter", default="01", help="chapter number (default 01)")
    ap.add_argument("--build", default="", help="build folder for the grader (default: a temp folder)")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    chapter = "%02d" % int(a.chapter)
    folders = glob.glob(os.path.join(REPO, "chapters", chapter + "_*"))
    if not folders:
        print("grade_selftest: no chapter %s in %s" % (chapter, REPO))
        return 1
    folder = os.path.basename(folders[0])
    sol = os.path.join(REPO, "solutions", folder)

    tmp = tempfile.mkdtemp(prefix="nn-grade-selftest-")
    build = os.path.abspath(a.build) if a.build else os.path.join(tmp, "build")
    failures = 0
    try:
        # 1. The stubs of this repository score 0.
        r = grade(REPO, chapter, build, a.jobs, os.path.join(tmp, "stubs.json"))
        check_format(r)
        assert r["max_score"] > 0, "max_score is 0"
        assert r["score"] == 0, "the stubs scored %s, expected 0" % r["score"]
        print("ok: stubs score 0 of %d" % r["max_score"])

        # 2. A student tree whose chapter is the reference: full marks.
        student = os.path.join(tmp, "student")
        dest = os.path.join(student, "chapters", folder)
        shutil.copytree(os.path.join(REPO, "chapters", folder), dest)
        for f in glob.glob(os.path.join(sol, "*.cpp")):
            shutil.copyfile(f, os.path.join(dest, os.path.basename(f)))
        r = grade(student, chapter, build, a.jobs, os.path.join(tmp, "solution.json"))
        check_format(r)
        assert r["score"] == r["max_score"], \
            "the reference scored %s of %s" % (r["score"], r["max_score"])
        print("ok: the reference scores %d of %d" % (r["score"], r["max_score"]))
        full = r["max_score"]

        # 3. Legitimate C++ that a student may add (exceptions caught by type, a function-local
        #    static, a helper in an anonymous namespace) is not refused: still full marks.
        #    (Catching by type makes the compiler emit DW.ref.<typeinfo> symbols.)
        victim = sorted(f for f in glob.glob(os.path.join(dest, "*.cpp"))  # not the program's
                        if not os.path.basename(f).startswith(("main.", "program_")))[0]
        with open(victim, "a", encoding="utf-8") as f:
            f.write(LEGITIMATE_EXTRA)
        r = grade(student, chapter, build, a.jobs, os.path.join(tmp, "legit.json"))
        check_format(r)
        assert r["score"] == full, "the reference with legitimate extra C++ scored %s of %s:\n%s" % (
            r["score"], full, r["output"][-1500:])
        print("ok: the reference with try/catch and a local static still scores %d of %d" % (full, full))

        # 4. A compile error costs the chapter, and is reported.
        with open(victim, "a", encoding="utf-8") as f:
            f.write("\nthis line is not C++;\n")
        r = grade(student, chapter, build, a.jobs, os.path.join(tmp, "broken.json"))
        check_format(r)
        assert r["score"] == 0 and r["max_score"] == full, "a broken chapter scored %s" % r["score"]
        assert "does not compile" in r["output"], "the compile error is not reported"
        assert "not C++" in r["output"] or "error" in r["output"]
        print("ok: a chapter that does not compile scores 0 of %d" % full)
    except AssertionError as e:
        print("grade_selftest: FAILED: %s" % e)
        failures += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures == 0:
        print("grade_selftest: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
