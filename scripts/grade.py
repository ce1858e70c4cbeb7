#!/usr/bin/env python3
"""Grade a student's chapters against the tests, chapter by chapter.

Usage:
  python3 scripts/grade.py [--student DIR] [--extra-tests DIR] [--chapters 01,03]
                           [--build DIR] [--out results.json] [--jobs N]
                           [--timeout S] [--test-timeout S]

DIR is a student's copy of this repository, or just of its chapters/ folder (if
DIR/chapters exists it is used). Default: this repository (its stubs score 0).

For every chapter to grade, the test binary ch<NN>_test_student is built from this
repository's tests (plus the hidden tests DIR/ch<NN>_*.cpp of --extra-tests), the
student's chapter NN and the reference solutions of the chapters it depends on, so
every chapter is graded in isolation. The binary runs with Catch2's XML reporter under
a time limit; if it crashes or hangs, each test case is run on its own so that one
crash costs only that test. A chapter that does not compile scores 0 on all its tests
(the first compiler errors are shown) and the other chapters are still graded.

Points: the tag [points=N] of a TEST_CASE (default 1). Tests tagged [hidden] are
reported with Gradescope visibility "after_published".

Output: a score table on stdout and a Gradescope autograder results.json.
Exit code: 0 grading ran (whatever the score), 2 bad usage, 1 infrastructure error.
Python 3 standard library only.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_TEST_OUTPUT = 4000      # characters of failure messages kept per test
MAX_COMPILE_LINES = 40      # lines of compiler errors kept per chapter


class InfraError(Exception):
    """Something is wrong with the grading setup, not with the student's code."""


class UsageError(Exception):
    """A bad command line."""


class StudentBinaryError(Exception):
    """The student's test binary cannot even list its tests (crash at start-up)."""


# ---------------------------------------------------------------------- helpers

def log(msg=""):
    print(msg, flush=True)


def truncate(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit] + "\n... (truncated, %d more characters)" % (len(text) - limit)


def run(cmd, cwd=None, timeout=None, env=None):
    """Run cmd; return (returncode or None on timeout, combined output)."""
    try:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as e:
        raise InfraError("cannot run %s: %s" % (cmd[0], e))
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        out, _ = p.communicate()
        return None, out.decode("utf-8", "replace")


def signal_name(rc):
    try:
        return signal.Signals(-rc).name
    except (ValueError, AttributeError):
        return "signal %d" % -rc


def repo_chapters():
    """{number: name} of the chapters registered in CMakeLists.txt (nn_chapter(NN name ...))
    whose folder exists and that have a test file."""
    chapters = {}
    try:
        with open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise InfraError("cannot read %s/CMakeLists.txt: %s" % (REPO, e))
    for m in re.finditer(r"^[ \t]*nn_chapter\([ \t]*(\d\d)[ \t]+(\w+)", text, re.M):
        number, name = m.group(1), m.group(2)
        folder = os.path.join(REPO, "chapters", "%s_%s" % (number, name))
        test = os.path.join(REPO, "tests", "ch%s_%s_test.cpp" % (number, name))
        if os.path.isdir(folder) and os.path.isfile(test):
            chapters[number] = name
    return chapters


def escape_test_name(name):
    """A test name as a Catch2 test spec matching exactly that test."""
    out = re.sub(r'([\\,\[\]*"])', r"\\\1", name)
    if out.startswith("~") or out.startswith("exclude:"):
        out = "\\" + out
    return out


def points_of(tags):
    m = re.search(r"\[points=(\d+)\]", tags or "")
    return int(m.group(1)) if m else 1


# ---------------------------------------------------------------------- student tree

def student_chapters_dir(student):
    student = os.path.abspath(student)
    if not os.path.isdir(student):
        raise UsageError("--student %s: no such folder" % student)
    sub = os.path.join(student, "chapters")
    return sub if os.path.isdir(sub) else student


def stage_student(src_chapters, stage, chapters):
    """Copy the student's chapter folders into stage/ (what the build compiles).

    Returns {number: [notes]}. The headers of this repository are the contract: a
    student's copy of a header is replaced by ours; a .cpp missing in the student's
    folder is taken from our chapters/ (the stubs); a missing folder means our stubs.
    Copies get a fresh time stamp, so the build always recompiles them.
    """
    notes = {}
    if os.path.isdir(stage):
        shutil.rmtree(stage)
    os.makedirs(stage)
    for number, name in sorted(chapters.items()):
        folder = "%s_%s" % (number, name)
        ours = os.path.join(REPO, "chapters", folder)
        theirs = os.path.join(src_chapters, folder)
        dest = os.path.join(stage, folder)
        os.makedirs(dest)
        n = notes.setdefault(number, [])
        if not os.path.isdir(theirs):
            n.append("no folder %s in the student's tree: graded the unmodified stubs" % folder)
            theirs = ours
        for entry in sorted(os.listdir(theirs)):
            path = os.path.join(theirs, entry)
            if os.path.isfile(path) and entry.endswith((".cpp", ".hpp", ".h", ".inl", ".ipp")):
                shutil.copyfile(path, os.path.join(dest, entry))
        for entry in sorted(os.listdir(ours)):
            path = os.path.join(ours, entry)
            if not os.path.isfile(path):
                continue
            target = os.path.join(dest, entry)
            if entry.endswith(".hpp"):
                if os.path.exists(target) and theirs != ours:
                    with open(path, "rb") as a, open(target, "rb") as b:
                        if a.read() != b.read():
                            n.append("%s differs from the original header; graded with the "
                                     "original (headers are the contract)" % entry)
                shutil.copyfile(path, target)
            elif entry.endswith(".cpp") and entry != "main.cpp" and not os.path.exists(target):
                n.append("%s missing in the student's folder: used the stub" % entry)
                shutil.copyfile(path, target)
    return notes


# ---------------------------------------------------------------------- build

def configure(build, stage, extra, jobs):
    cmake = shutil.which("cmake")
    if not cmake:
        raise InfraError("cmake not found on PATH (sudo apt-get install cmake)")
    cmd = [cmake, "-S", REPO, "-B", build,
           "-DCMAKE_BUILD_TYPE=Release",
           "-DNN_STUDENT_DIR=" + stage,
           "-DNN_CHECK_STUBS=OFF",
           "-DNN_USE_SOLUTIONS=ON",
           "-DNN_WERROR=OFF",
           "-DNN_BUILD_TESTS=ON",
           "-DNN_EXTRA_TESTS=" + (extra or "")]
    if shutil.which("ccache"):
        cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    log("configuring %s" % build)
    rc, out = run(cmd)
    if rc != 0:
        raise InfraError("cmake configure failed:\n" + "\n".join(out.splitlines()[-30:]))


def build_target(build, target, jobs, timeout):
    rc, out = run(["cmake", "--build", build, "--target", target, "-j", str(jobs)],
                  timeout=timeout)
    if rc is None:
        return False, "the build of %s took longer than %d s" % (target, timeout)
    return rc == 0, out


def compiler_errors(out):
    """The first lines of the compiler output starting at the first error."""
    lines = out.splitlines()
    start = None
    for i, line in enumerate(lines):
        if re.search(r"\berror\b|undefined reference|ld returned", line):
            start = i
            break
    if start is None:
        start = max(0, len(lines) - MAX_COMPILE_LINES)
    # Include the "In function ..." context line just before the first error.
    if start > 0 and re.search(r"In (member )?function|In instantiation", lines[start - 1]):
        start -= 1
    picked = [l for l in lines[start:] if not l.startswith(("gmake", "make[", "[ "))]
    return "\n".join(picked[:MAX_COMPILE_LINES])


# ---------------------------------------------------------------------- tests

def list_tests(binary, timeout=60):
    """[(name, tags)] of a Catch2 binary, in declaration order."""
    rc, out = run([binary, "--list-test-names-only"], timeout=timeout)
    if rc is None:
        raise StudentBinaryError("the test binary hangs before any test starts")
    if rc < 0:
        raise StudentBinaryError("the test binary crashes before any test starts (%s)"
                                 % signal_name(rc))
    names = [l.rstrip("\r") for l in out.splitlines() if l.strip()]
    tags_of = {n: "" for n in names}
    rc, out = run([binary, "--list-tags"], timeout=timeout)
    tags = sorted(set(re.findall(r"\[([^\]\s]+)\]", out or "")))
    for tag in tags:
        if not (tag.startswith("points=") or tag == "hidden"):
            continue
        rc, out = run([binary, "[%s]" % tag, "--list-test-names-only"], timeout=timeout)
        for l in out.splitlines():
            l = l.rstrip("\r")
            if l in tags_of:
                tags_of[l] += "[%s]" % tag
    return [(n, tags_of[n]) for n in names]


def reference_tests(build, number, jobs, build_timeout):
    """The list of tests of a chapter, from its reference build (same test files)."""
    sol = "ch%s_test_solution" % number
    ok, out = build_target(build, sol, jobs, build_timeout)
    if not ok:
        raise InfraError("the reference tests of chapter %s do not build either "
                         "(a broken extra test file?):\n%s" % (number, compiler_errors(out)))
    try:
        return list_tests(os.path.join(build, "tests", sol))
    except StudentBinaryError as e:
        raise InfraError("reference tests of chapter %s: %s" % (number, e))


def describe_failure(tc):
    """Failure messages of a <TestCase> element of Catch2's XML reporter."""
    msgs = []

    def where(el):
        f = el.get("filename") or ""
        f = os.path.basename(f) if f else "?"
        return "%s:%s" % (f, el.get("line") or "?")

    def walk(el, sections):
        for child in el:
            tag = child.tag
            if tag == "Section":
                walk(child, sections + [child.get("name") or ""])
            elif tag == "Expression" and child.get("success") == "false":
                orig = (child.findtext("Original") or "").strip()
                exp = (child.findtext("Expanded") or "").strip()
                ctx = " / ".join(s for s in sections if s)
                head = "%s: %s( %s )" % (where(child), child.get("type") or "CHECK", orig)
                if ctx:
                    head = "[%s] %s" % (ctx, head)
                text = head
                if exp and exp != orig:
                    text += "\n  with expansion: " + exp
                for sub in child:
                    if sub.tag == "Exception":
                        text += "\n  threw: " + (sub.text or "").strip()
                    elif sub.tag == "FatalErrorCondition":
                        text += "\n  fatal: " + (sub.text or "").strip()
                msgs.append(text)
            elif tag in ("Exception", "FatalErrorCondition", "Failure"):
                kind = {"Exception": "unexpected exception",
                        "FatalErrorCondition": "fatal error (crash)",
                        "Failure": "failed"}[tag]
                ctx = " / ".join(s for s in sections if s)
                text = "%s: %s: %s" % (where(child), kind, (child.text or "").strip())
                if ctx:
                    text = "[%s] %s" % (ctx, text)
                msgs.append(text)
            elif tag in ("Info", "Warning") and msgs:
                msgs[-1] += "\n  note: " + (child.text or "").strip()

    walk(tc, [])
    return "\n".join(msgs)


def parse_xml(path):
    """{name: (passed, tags, failure text)} from a Catch2 XML report; None if unreadable."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None
    results = {}
    for tc in root.iter("TestCase"):
        res = tc.find("OverallResult")
        if res is None:
            continue
        passed = res.get("success") == "true"
        results[tc.get("name")] = (passed, tc.get("tags") or "",
                                   "" if passed else describe_failure(tc))
    return results


def run_chapter_tests(binary, workdir, timeout, test_timeout):
    """Run every test of the binary; return ({name: (passed, text)}, notes)."""
    notes = []
    tests = list_tests(binary)
    xml = os.path.join(workdir, "all.xml")
    if os.path.exists(xml):
        os.remove(xml)
    t0 = time.time()
    rc, out = run([binary, "-r", "xml", "-o", xml], cwd=workdir, timeout=timeout)
    elapsed = time.time() - t0
    results = parse_xml(xml)
    ok_run = rc is not None and rc >= 0 and results is not None and \
        all(n in results for n, _ in tests)
    if ok_run:
        return tests, {n: (p, t) for n, (p, _, t) in results.items()}, notes, elapsed

    if rc is None:
        notes.append("the test run did not finish within %d s (an infinite loop?); "
                     "running each test on its own" % timeout)
    elif rc < 0:
        notes.append("the test binary crashed (%s); running each test on its own"
                     % signal_name(rc))
    else:
        notes.append("the test report was incomplete (exit code %d); running each test "
                     "on its own" % rc)
    per = {}
    for i, (name, _) in enumerate(tests):
        x = os.path.join(workdir, "test_%03d.xml" % i)
        if os.path.exists(x):
            os.remove(x)
        rc, out = run([binary, escape_test_name(name), "-r", "xml", "-o", x],
                      cwd=workdir, timeout=test_timeout)
        r = parse_xml(x)
        if rc is None:
            per[name] = (False, "timed out after %d s (an infinite loop?)" % test_timeout)
        elif rc < 0:
            detail = r[name][2] if r and name in r else ""
            per[name] = (False, ("crashed (%s)\n%s" % (signal_name(rc), detail)).strip())
        elif r and name in r:
            per[name] = (r[name][0], r[name][2])
        else:
            per[name] = (False, "no result (exit code %d)\n%s" % (rc, truncate(out, 1000)))
    return tests, per, notes, time.time() - t0


# ---------------------------------------------------------------------- main

def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="grade.py",
        description="Grade a student's chapters against the tests (Gradescope results.json).",
        epilog="Exit code: 0 grading ran, 2 bad usage, 1 infrastructure error.")
    p.add_argument("--student", metavar="DIR", default=REPO,
                   help="the student's copy of the repository or of its chapters/ folder "
                        "(default: this repository, i.e. the stubs)")
    p.add_argument("--extra-tests", metavar="DIR", default="",
                   help="folder of extra (hidden) test files chNN_*.cpp")
    p.add_argument("--chapters", metavar="LIST", default="",
                   help="chapters to grade, e.g. 01,03 (default: every chapter with tests)")
    p.add_argument("--build", metavar="DIR",
                   default=os.path.join(tempfile.gettempdir(), "nn-grade-build-%d" % os.getuid()),
                   help="build folder, reused between runs (default: %(default)s)")
    p.add_argument("--out", metavar="FILE", default="results.json",
                   help="where to write the Gradescope results (default: %(default)s)")
    p.add_argument("--jobs", metavar="N", type=int, default=2,
                   help="parallel compile jobs (default: %(default)s)")
    p.add_argument("--timeout", metavar="S", type=int, default=300,
                   help="time limit of one chapter's test run, in seconds (default: %(default)s)")
    p.add_argument("--test-timeout", metavar="S", type=int, default=60,
                   help="time limit of one test when tests run one by one after a crash or "
                        "hang (default: %(default)s)")
    p.add_argument("--build-timeout", metavar="S", type=int, default=1800,
                   help="time limit of one chapter's build (default: %(default)s)")
    a = p.parse_args(argv)
    if a.jobs < 1 or a.timeout < 1 or a.test_timeout < 1 or a.build_timeout < 1:
        p.error("--jobs and the time limits must be positive")
    return a


def main(argv):
    try:
        args = parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    try:
        return grade(args)
    except UsageError as e:
        print("grade.py: error: %s" % e, file=sys.stderr)
        return 2
    except InfraError as e:
        print("grade.py: infrastructure error: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("grade.py: interrupted", file=sys.stderr)
        return 1


def grade(args):
    available = repo_chapters()
    if not available:
        raise InfraError("no chapter with tests found in %s" % REPO)
    if args.chapters:
        wanted = []
        for c in args.chapters.split(","):
            c = c.strip()
            if not c:
                continue
            if not c.isdigit():
                raise UsageError("--chapters %s: give chapter numbers such as 01,03" % args.chapters)
            c = "%02d" % int(c)
            if c not in available:
                raise UsageError("--chapters: chapter %s has no tests here (available: %s)"
                                 % (c, ",".join(sorted(available))))
            wanted.append(c)
        wanted = sorted(set(wanted))
    else:
        wanted = sorted(available)
    src = student_chapters_dir(args.student)
    extra = ""
    if args.extra_tests:
        extra = os.path.abspath(args.extra_tests)
        if not os.path.isdir(extra):
            raise UsageError("--extra-tests %s: no such folder" % extra)
    if not shutil.which("cmake"):
        raise InfraError("cmake not found on PATH (sudo apt-get install cmake)")

    build = os.path.abspath(args.build)
    os.makedirs(build, exist_ok=True)
    stage = os.path.join(build, "grade-student", "chapters")
    log("grading %s (chapters %s)" % (src, ",".join(wanted)))
    if extra:
        log("extra tests from %s" % extra)
    notes = stage_student(src, stage, available)
    configure(build, stage, extra, args.jobs)

    all_tests = []
    chapter_rows = []     # (label, passed, count, score, max_score), all tests
    visible_rows = []     # the same without the [hidden] tests
    report = []
    for number in wanted:
        name = available[number]
        label = "%s %s" % (number, name)
        log("chapter %s: building" % label)
        chapter_notes = list(notes.get(number, []))
        workdir = os.path.join(build, "grade-run", "ch" + number)
        if os.path.isdir(workdir):
            shutil.rmtree(workdir)
        os.makedirs(workdir)
        target = "ch%s_test_student" % number
        ok, out = build_target(build, target, args.jobs, args.build_timeout)
        compile_error = ""
        if ok:
            binary = os.path.join(build, "tests", target)
            log("chapter %s: running the tests" % label)
            try:
                tests, res, run_notes, secs = run_chapter_tests(
                    binary, workdir, args.timeout, args.test_timeout)
                chapter_notes += run_notes
            except StudentBinaryError as e:
                chapter_notes.append(str(e) + ": every test scores 0")
                tests = reference_tests(build, number, args.jobs, args.build_timeout)
                res = {n: (False, str(e)) for n, _ in tests}
                secs = 0.0
        else:
            # Show the student's paths, not the copies the build compiled.
            compile_error = compiler_errors(out).replace(stage + os.sep, "chapters" + os.sep)
            chapter_notes.append("the chapter does not compile: every test scores 0")
            tests = reference_tests(build, number, args.jobs, args.build_timeout)
            res = {n: (False, "does not compile:\n" + compile_error) for n, _ in tests}
            secs = 0.0

        # Everything (for the instructor's console) and the visible tests only (for the
        # "output" text of results.json, which students see before publication).
        full = [0, 0, 0, 0]   # passed, count, score, max
        vis = [0, 0, 0, 0]
        for i, (tname, tags) in enumerate(tests, 1):
            ok_t, text = res.get(tname, (False, "no result"))
            pts = points_of(tags)
            got = pts if ok_t else 0
            hidden = "[hidden]" in tags
            for acc in ([full] if hidden else [full, vis]):
                acc[0] += 1 if ok_t else 0
                acc[1] += 1
                acc[2] += got
                acc[3] += pts
            entry = {
                "name": "ch%s: %s" % (number, tname),
                "number": "%s.%d" % (number, i),
                "score": got,
                "max_score": pts,
                "output": truncate(text, MAX_TEST_OUTPUT) if not ok_t else "passed",
                "visibility": "after_published" if hidden else "visible",
            }
            if hidden:
                entry["tags"] = ["hidden"]
            all_tests.append(entry)
        chapter_rows.append((label,) + tuple(full))
        visible_rows.append((label,) + tuple(vis))
        log("chapter %s: %d/%d tests passed, %d/%d points (%.1f s)"
            % (label, full[0], full[1], full[2], full[3], secs))
        details = ["  note: " + n for n in chapter_notes]
        if compile_error:
            details.append("  compiler errors (first lines):")
            details += ["    " + l for l in compile_error.splitlines()]
        report.append(("Chapter %s: %d/%d tests, %d/%d points" % ((label,) + tuple(full)),
                       "Chapter %s: %d/%d visible tests, %d/%d points"
                       % ((label,) + tuple(vis)),
                       details))

    total = sum(r[3] for r in chapter_rows)
    max_total = sum(r[4] for r in chapter_rows)
    n_hidden = sum(r[2] for r in chapter_rows) - sum(r[2] for r in visible_rows)
    log("")
    log(format_table(chapter_rows))
    for head, _, details in report:
        if details:
            log("")
            log("\n".join([head] + details))
    # What students see before the hidden tests are published: visible tests only.
    output = format_table(visible_rows)
    if n_hidden:
        output += ("\n\n%d hidden test(s) worth %d point(s) are graded too; their results "
                   "are shown when the grades are published." % (
                       n_hidden, max_total - sum(r[4] for r in visible_rows)))
    output += "\n\n" + "\n\n".join("\n".join([vhead] + details)
                                      for _, vhead, details in report)
    results = {
        "score": total,
        "max_score": max_total,
        "output": truncate(output, 60000),
        "stdout_visibility": "visible",
        "tests": all_tests,
    }
    out_path = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")
    log("")
    log("results written to %s" % out_path)
    return 0


def format_table(rows):
    head = ("chapter", "tests passed", "points", "score")
    body = [(label, "%d/%d" % (p, n), "%d" % m, "%d" % s) for label, p, n, s, m in rows]
    tp, tn, ts, tm = (sum(r[i] for r in rows) for i in (1, 2, 3, 4))
    foot = ("total", "%d/%d" % (tp, tn), "%d" % tm, "%d" % ts)
    widths = [max(len(r[i]) for r in [head] + body + [foot]) for i in range(4)]

    def fmt(r):
        return "  ".join([r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in (1, 2, 3)])

    rule = "-" * len(fmt(head))
    return "\n".join([fmt(head), rule] + [fmt(r) for r in body] + [rule, fmt(foot)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
