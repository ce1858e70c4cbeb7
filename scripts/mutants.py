#!/usr/bin/env python3
"""Prove that the plausible student bugs of tests/mutants/catalogue.ini are caught, with a hint.

For each bug: copy solutions/ to a student tree, apply the bug (an exact text replacement),
build that chapter's student test binary against the tree (one build folder, so only the
changed file recompiles), run the tests of the bug's exercise, and check that a test FAILS and
that the output matches the catalogue's `expect` (the message names the likely mistake).

    python3 scripts/mutants.py                 # every bug of the catalogue
    python3 scripts/mutants.py ch03            # the bugs whose name starts with ch03
    python3 scripts/mutants.py --build DIR     # build folder (default: build-mutants)
    python3 scripts/mutants.py --table         # also print the Markdown table (bug -> test -> message)

Exit status 0 when every bug is caught with its hint. Takes ~1 min per chapter for the first
build plus ~10-30 s per bug (one file recompiled and the test binary relinked); not part of CI.
"""
import argparse
import configparser
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def flexible(text):
    """A regex matching `text` with any run of whitespace matching any other."""
    parts = [re.escape(p) for p in re.split(r"\s+", text.strip())]
    return re.compile(r"\s+".join(parts))


def apply(src, find, replace, where):
    rx = flexible(find)
    hits = rx.findall(src)
    if len(hits) != 1:
        raise SystemExit(f"{where}: `find` matches {len(hits)} times (must be once): {find!r}")
    return rx.sub(lambda m: replace, src, count=1)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("only", nargs="*", help="name prefixes of the bugs to run")
    ap.add_argument("--build", default=os.path.join(ROOT, "build-mutants"))
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--jobs", default=str(os.cpu_count() or 2))
    args = ap.parse_args()

    cat = configparser.ConfigParser(delimiters=("=",), interpolation=None, comment_prefixes=("#",))
    cat.optionxform = str
    cat.read(os.path.join(ROOT, "tests", "mutants", "catalogue.ini"), encoding="utf-8")
    names = [n for n in cat.sections() if not args.only or any(n.startswith(p) for p in args.only)]
    if not names:
        raise SystemExit("no bug selected")

    tree = os.path.join(args.build, "student-tree")
    if os.path.isdir(tree):
        shutil.rmtree(tree)
    shutil.copytree(os.path.join(ROOT, "solutions"), tree)
    os.makedirs(args.build, exist_ok=True)
    if not os.path.exists(os.path.join(args.build, "CMakeCache.txt")):
        cfg = ["cmake", "-S", ROOT, "-B", args.build, "-DCMAKE_BUILD_TYPE=Release", f"-DNN_STUDENT_DIR={tree}"]
        if shutil.which("ccache"):
            cfg.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        r = run(cfg)
        if r.returncode:
            print(r.stdout)
            raise SystemExit("configure failed")

    results, failed = [], 0
    for name in names:
        m = cat[name]
        rel = m["file"]
        path = os.path.join(tree, rel)
        original = open(path, encoding="utf-8").read()
        src = apply(original, m["find"], m["replace"], name)
        if "find2" in m:
            src = apply(src, m["find2"], m["replace2"], name)
        open(path, "w", encoding="utf-8").write(src)
        chapter = rel[:2]
        target = f"ch{chapter}_test_student"
        try:
            b = run(["cmake", "--build", args.build, "-j", args.jobs, "--target", target])
            if b.returncode:
                verdict, tests, out = "BUILD FAILED", "-", b.stdout[-3000:]
            else:
                t = run([os.path.join(args.build, "tests", target), f"[ex{m['exercise']}]", "--use-colour", "no"])
                out = t.stdout
                with open(os.path.join(args.build, name + ".log"), "w", encoding="utf-8") as log:
                    log.write(out)
                failing = re.findall(r"^-{10,}\n(.+)\n-{10,}", out, flags=re.M)
                tests = "; ".join(dict.fromkeys(failing)) or "-"
                # Catch wraps long messages: match `expect` on the output with whitespace collapsed
                flat = re.sub(r"\s+", " ", out)
                hint = re.search(m["expect"], flat)
                if t.returncode == 0:
                    verdict = "NOT CAUGHT (all tests passed)"
                elif not hint:
                    verdict = "caught, but the message lacks the hint /" + m["expect"] + "/"
                else:
                    verdict = "caught with hint"
        finally:
            open(path, "w", encoding="utf-8").write(original)
        ok = verdict == "caught with hint"
        failed += not ok
        line = ""
        if ok:
            hm = re.search(m["expect"], flat)
            line = flat[hm.start():hm.start() + 200].strip()  # the message, from the hint on
        results.append((name, m.get("what", ""), m["exercise"], tests, verdict, line))
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {verdict}\n     failing tests: {tests}\n     message: {line}", flush=True)
        if not ok:
            print("     --- output (last 2500 characters) ---\n" + out[-2500:])

    if args.table:
        print("\n| Bug | Exercise | Caught by | What the message says |\n|---|---|---|---|")
        for name, what, ex, tests, verdict, line in results:
            msg = line.replace("|", "\\|") if verdict == "caught with hint" else verdict
            print(f"| {what} | {ex} | {tests} | {msg} |")
    print(f"\n{len(results) - failed} of {len(results)} bugs caught with their hint")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
