#!/usr/bin/env python3
"""Red-team suite of scripts/grade.py (issue 8): grade one hostile chapter-01 submission per
attack class and check that each scores 0, shows no hidden line before publication, changes
nothing on disk, leaves no process behind and finishes in time.

Usage:
  python3 tests/redteam/run_redteam.py [--build DIR] [--only c1,c4a] [--grader PATH]
                                        [--legacy] [--limit S]

--grader/--legacy grade with another grade.py (e.g. the original one, `git show
main:scripts/grade.py`, inside a throw-away copy of the repository: it can damage files)
to record the "before" numbers; the checks are then reported, not enforced.
Exit code 0 when every attack is held (without --legacy), 1 otherwise. Standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = "REDTEAM-HIDDEN-SECRET"


def fake_report(repo):
    """An all-passing Catch2 XML report of chapter 01's visible tests."""
    with open(os.path.join(repo, "tests", "ch01_perceptron_test.cpp"), encoding="utf-8") as f:
        cases = re.findall(r'TEST_CASE\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*"([^"]*)"', f.read())
    body = "".join('<TestCase name="%s" tags="%s" filename="x.cpp" line="1">'
                   '<OverallResult success="true"/></TestCase>\n' % (n, t) for n, t in cases)
    n = len(cases)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Catch name="ch01_test_student">\n'
            '<Group name="ch01_test_student">\n%s<OverallResults successes="%d" failures="0" '
            'expectedFailures="0"/>\n</Group>\n<OverallResults successes="%d" failures="0" '
            'expectedFailures="0"/>\n</Catch>\n' % (body, n, n))


def tree_hash(paths, skip_top=()):
    h = hashlib.sha256()
    for top in paths:
        for d, dirs, files in os.walk(top):
            if d == top:
                dirs[:] = [x for x in dirs if not x.startswith(("build", ".git")) and x not in skip_top]
            dirs.sort()
            for f in sorted(files):
                p = os.path.join(d, f)
                h.update(p.encode())
                try:
                    if os.path.islink(p):
                        h.update(os.readlink(p).encode())
                    else:
                        with open(p, "rb") as fh:
                            h.update(fh.read())
                except OSError:
                    pass
    return h.hexdigest()


def suspects(build, work):
    """Processes that grading left behind: run by nobody (the sandbox user when grading as root),
    or running a binary of the build or work folder or the sandbox's test binary."""
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            st = os.stat("/proc/" + pid)
            try:
                exe = os.readlink("/proc/%s/exe" % pid)
            except OSError:
                exe = ""
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")[:120]
        except OSError:
            continue
        if (os.geteuid() == 0 and st.st_uid == 65534) or exe.startswith((build, work)) or \
                build in cmd or work in cmd or cmd.startswith("/grade/test"):
            found[int(pid)] = cmd or exe
    return found


def make_submissions(repo, hidden, results_path, tmp):
    """{key: (description, student folder, extra grade.py flags)}."""
    subs = {}
    fake = fake_report(repo)

    def from_template(key, fname, desc, flags=()):
        with open(os.path.join(HERE, "attacks", fname), encoding="utf-8") as f:
            text = f.read()
        text = (text.replace("@REPO@", repo).replace("@HIDDEN@", hidden)
                .replace("@RESULTS@", results_path).replace("@FAKE_REPORT@", fake))
        root = os.path.join(tmp, "sub-" + key)
        dest = os.path.join(root, "chapters", "01_perceptron")
        os.makedirs(dest)
        with open(os.path.join(dest, "perceptron.cpp"), "w", encoding="utf-8") as f:
            f.write(text)
        subs[key] = (desc, root, list(flags))

    from_template("c1", "c1_own_test_case.cpp", "1 own TEST_CASEs worth 1500 points")
    from_template("c2", "c2_edit_report.cpp", "2 atexit/destructor/detached rewrite of the report")
    from_template("c3", "c3_own_main.cpp", "3 own main + Catch runner + operator new + nn::test")
    sol = os.path.join(repo, "solutions", "01_perceptron")
    for key, desc, make in [
            ("c4a", "4 perceptron.cpp -> solutions/", lambda d: os.symlink(os.path.join(sol, "perceptron.cpp"),
                                                                          os.path.join(d, "perceptron.cpp"))),
            ("c4b", "4 01_perceptron/ -> solutions/01_perceptron", None),
            ("c4c", "4 chapters/ -> solutions/", None),
            ("c4d", "4 perceptron.cpp -> /etc/passwd", lambda d: os.symlink("/etc/passwd",
                                                                          os.path.join(d, "perceptron.cpp"))),
            ("c4e", "4 perceptron.cpp -> hidden test", lambda d: os.symlink(
                os.path.join(hidden, "ch01_redteam_hidden.cpp"), os.path.join(d, "perceptron.cpp"))),
            ("c4f", "4 perceptron.cpp -> /proc/self/environ", lambda d: os.symlink(
                "/proc/self/environ", os.path.join(d, "perceptron.cpp")))]:
        root = os.path.join(tmp, "sub-" + key)
        if key == "c4b":
            os.makedirs(os.path.join(root, "chapters"))
            os.symlink(sol, os.path.join(root, "chapters", "01_perceptron"))
        elif key == "c4c":
            os.makedirs(root)
            os.symlink(os.path.join(repo, "solutions"), os.path.join(root, "chapters"))
        else:
            d = os.path.join(root, "chapters", "01_perceptron")
            os.makedirs(d)
            make(d)
        subs[key] = (desc, root, [])
    from_template("c5a", "c5a_compile_time.cpp", "5 #include the reference, .incbin the hidden tests")
    from_template("c5b", "c5b_run_time.cpp", "5 read hidden tests/CMakeCache/own binary at run time")
    from_template("c6", "c6_resources.cpp", "6 fork bomb, 64 GB malloc, 1 GB file, detached child, hang")
    from_template("c7", "c7_tamper.cpp", "7 append to grade.py, rewrite hidden and visible tests")
    # The sandbox alone, without the symbol check (which refuses 1, 2, 3, 6 first).
    for key in ("c1", "c2", "c3", "c6"):
        desc, root, flags = subs[key]
        subs[key + "-nocheck"] = (desc + " [sandbox only]", root, ["--no-static-checks"])
    stubs = os.path.join(tmp, "sub-next")
    shutil.copytree(os.path.join(repo, "chapters", "01_perceptron"),
                    os.path.join(stubs, "chapters", "01_perceptron"))
    subs["next"] = ("the next student (stubs) after all attacks", stubs, [])
    return subs


ORDER = ["c1", "c1-nocheck", "c2", "c2-nocheck", "c3", "c3-nocheck", "c4a", "c4b", "c4c", "c4d",
         "c4e", "c4f", "c5a", "c5b", "c6", "c6-nocheck", "c7", "next"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="", help="grader build folder, reused (default: temp)")
    ap.add_argument("--grader", default=os.path.join(os.path.dirname(os.path.dirname(HERE)),
                                                     "scripts", "grade.py"))
    ap.add_argument("--legacy", action="store_true",
                    help="the grader has no --no-static-checks (the original grade.py)")
    ap.add_argument("--only", default="", help="comma-separated keys, e.g. c1,c4a")
    ap.add_argument("--limit", type=int, default=300, help="wall-time limit per attack (s)")
    ap.add_argument("--json", default="", help="write the table as JSON here")
    a = ap.parse_args()
    grader = os.path.abspath(a.grader)
    repo = os.path.dirname(os.path.dirname(grader))
    tmp = tempfile.mkdtemp(prefix="nn-redteam-")
    os.chmod(tmp, 0o755)
    build = os.path.abspath(a.build) if a.build else os.path.join(tmp, "build")
    hidden = os.path.join(tmp, "hidden")
    os.makedirs(hidden)
    shutil.copy(os.path.join(HERE, "hidden", "ch01_redteam_hidden.cpp"), hidden)
    results_path = os.path.join(tmp, "results", "results.json")
    subs = make_submissions(repo, hidden, results_path, tmp)
    only = [o for o in a.only.split(",") if o]
    keys = [k for k in ORDER if not only or any(k == o or k.startswith(o) for o in only)]
    if a.legacy:
        keys = [k for k in keys if not k.endswith("-nocheck")]
    before = tree_hash([repo, hidden])
    rows, failures = [], 0
    t_all = time.time()
    for key in keys:
        desc, student, flags = subs[key]
        if os.path.exists(results_path):
            os.remove(results_path)
        cmd = [sys.executable, grader, "--student", student, "--chapters", "01", "--extra-tests", hidden,
               "--build", build, "--out", results_path, "--timeout", "10", "--test-timeout", "2",
               "--build-timeout", "300"] + flags
        log_path = os.path.join(tmp, "log-%s.txt" % key)
        t0 = time.time()
        with open(log_path, "wb") as logf:
            p = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                rc = p.wait(timeout=a.limit)
            except subprocess.TimeoutExpired:
                rc = None
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
                p.wait()
        secs = time.time() - t0
        first = None
        if os.path.exists(results_path):
            with open(results_path, "rb") as f:
                first = f.read()
        with open(log_path, "rb") as f:
            log_text = f.read().decode("utf-8", "replace")
        # A detached rewriter has had its chance. Only a submission whose tests ran (linked and
        # started in the sandbox) executed code of its own; the others (refused, not compiled, not
        # linked) have nothing that could still be running, and are not waited for.
        if "running the tests in the sandbox" in log_text:
            time.sleep(4 if key.startswith("c2") else 1)
        later = open(results_path, "rb").read() if os.path.exists(results_path) else None
        left = suspects(build, tmp)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        score, mx, leaked, why = "-", "-", False, ""
        try:
            r = json.loads(first)
            score, mx = r["score"], r["max_score"]
            visible_text = r["output"] + "".join(
                t.get("name", "") + t.get("output", "") for t in r["tests"] if t.get("visibility") == "visible")
            leaked = MARKER in visible_text
            notes = [l.strip()[6:] for l in r["output"].splitlines() if l.strip().startswith("note:")]
            why = notes[-1] if notes else ""
        except (TypeError, ValueError, KeyError):
            r, why = None, ""
        now = tree_hash([repo, hidden])
        changed = now != before
        rewritten = first != later
        ok = (rc == 0 and score == 0 and not leaked and not changed and not rewritten
              and not left and rc is not None)
        note = ""
        if rc is None:
            note = "killed after %d s (hung)" % a.limit
        elif rc != 0:
            note = "grade.py exit %d" % rc
        rows.append({"key": key, "attack": desc, "score": score, "max": mx, "leaked": leaked,
                     "changed_disk": changed, "results_rewritten": rewritten,
                     "processes_left": len(left), "seconds": round(secs, 1), "held": ok, "note": note,
                     "why": why})
        failures += 0 if ok else 1
        print("%-11s %-58s score %5s/%-5s leak %-5s disk %-7s rewritten %-5s procs %3d %6.1f s  %s %s"
              % (key, desc, score, mx, leaked, "changed" if changed else "same", rewritten, len(left),
                 secs, "HELD" if ok else "BROKEN", note), flush=True)
        if why:
            print("            why: %s" % why[:150], flush=True)
        if not ok and not a.legacy:
            print("  grade.py log (last lines):\n    " + "\n    ".join(log_text.splitlines()[-25:]))
        if changed:
            before = now      # report the next attack on its own
    print("red team: %d attack runs in %.0f s, %d broken" % (len(rows), time.time() - t_all, failures))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    shutil.rmtree(tmp, ignore_errors=True)
    if a.legacy:
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
