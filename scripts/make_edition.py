#!/usr/bin/env python3
"""Write the student edition of this repository: the repository an instructor hands out.

Usage:
  python3 scripts/make_edition.py --out DIR [--release-answers 01,02] [--build DIR] [--jobs N]

The edition has the same notes, headers, stubs, programs, tests, data and scripts, but:
 - no solutions/ sources and no ANSWERS.md (except those of --release-answers chapters);
 - the reference of every chapter in compiled form, prebuilt/libch<NN>_solution.a (built here,
   Release, from this repository) with prebuilt/ch<NN>_exercises.txt naming the exercise
   files: CMake links the reference flavour from them, so the tests of chapter 04 take
   chapter 03 from the reference even when the student's chapter 03 is unfinished;
 - no grader (scripts/grade.py, its self-test, the red team, this script);
 - README's two commands adapted: scripts/quickstart.sh builds and runs the programs on the
   student's code (a program whose exercises are not done stops with a message and does not
   fail the command), scripts/test.sh runs the tests against the student's code.
Exit code 0 on success, 2 bad usage, 1 when the reference does not build.
Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
LEFT_OUT = ("scripts/grade.py", "scripts/grade_selftest.py", "scripts/make_edition.py",
            "scripts/check_edition.py")
LEFT_OUT_DIRS = ("solutions/", "tests/redteam/")


class Failure(Exception):
    pass


def chapters():
    with open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8") as f:
        text = f.read()
    out = {}
    for m in re.finditer(r"^[ \t]*nn_chapter\([ \t]*(\d\d)[ \t]+(\w+)", text, re.M):
        if os.path.isdir(os.path.join(REPO, "chapters", "%s_%s" % m.groups())):
            out[m.group(1)] = m.group(2)
    return out


def repo_files():
    """The repository's files (git ls-files when this is a git checkout)."""
    try:
        p = subprocess.run(["git", "-C", REPO, "ls-files", "-z"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, check=True)
        files = [f for f in p.stdout.decode().split("\0") if f]
        return [f for f in files if os.path.isfile(os.path.join(REPO, f))]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for d, dirs, names in os.walk(REPO):
            rel = os.path.relpath(d, REPO)
            if rel == ".":
                dirs[:] = [x for x in dirs if not x.startswith(("build", ".git", "output"))]
            for n in names:
                files.append(os.path.normpath(os.path.join(rel, n)))
        return files


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def build_reference(build, jobs, chs):
    """Build ch<NN>_solution of every chapter; {number: [object files]}."""
    cmd = ["cmake", "-S", REPO, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DNN_USE_SOLUTIONS=ON",
           "-DNN_BUILD_TESTS=OFF", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"]
    if shutil.which("ccache"):
        cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    rc, out = run(cmd)
    if rc != 0:
        raise Failure("cmake configure failed:\n" + out[-3000:])
    targets = ["ch%s_solution" % n for n in sorted(chs)]
    rc, out = run(["cmake", "--build", build, "-j", str(jobs), "--target"] + targets)
    if rc != 0:
        raise Failure("the reference does not build:\n" + out[-3000:])
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        entries = json.load(f)
    objs = {}
    for e in entries:
        args = e.get("arguments") or shlex.split(e["command"])
        o = args[args.index("-o") + 1] if "-o" in args else ""
        m = re.search(r"CMakeFiles/ch(\d\d)_solution\.dir/", o)
        if m:
            objs.setdefault(m.group(1), []).append(os.path.join(e["directory"], o))
    return objs


def reference_objects_of(build, chs):
    """{number: [object files]} of ch<NN>_solution in an existing (Release) build tree."""
    objs = {}
    for n in chs:
        d = os.path.join(build, "CMakeFiles", "ch%s_solution.dir" % n)
        for root, _, files in os.walk(d):
            objs.setdefault(n, []).extend(os.path.join(root, f) for f in files if f.endswith(".o"))
    missing = [n for n in chs if not objs.get(n)]
    if missing:
        raise Failure("--from-build %s has no objects of ch%s_solution: build them first (cmake --build "
                      "%s --target ch%s_solution)" % (build, missing[0], build, missing[0]))
    return objs


def adapt_text(rel, text, released):
    """The edition's versions of README.md and of README's two commands."""
    if rel == "scripts/quickstart.sh":
        text = text.replace("-DNN_USE_SOLUTIONS=ON", "-DNN_USE_SOLUTIONS=OFF")
        text = text.replace("build the reference flavour (Release)",
                            "build your code (Release; earlier chapters' reference from prebuilt/ where needed)")
        text = text.replace('''  echo "quickstart: these programs failed: ${failed[*]}" >&2
  exit 1''', '''  echo "quickstart: these programs stopped (exercises not done yet?): ${failed[*]}" >&2
  echo "quickstart: finish the exercises of their chapter (see its README) and run this again" >&2
  exit 0''')
    elif rel == "scripts/test.sh":
        text = text.replace("-DNN_CHECK_STUBS=ON", "-DNN_CHECK_STUBS=OFF")
        text = text.replace("the same tests against the stubs of chapters/ must each FAIL (registered WILL_FAIL)",
                            "the same tests against your code in chapters/ (they fail until the exercises are done)")
    elif rel == "README.md":
        banner = ("\n> **Student edition.** This copy has no reference solutions: `solutions/` holds "
                  "only the written answers your instructor released%s, and the reference of each "
                  "chapter comes compiled in `prebuilt/` (used for the earlier chapters a "
                  "chapter's tests and programs need, so an unfinished chapter 03 does not block "
                  "chapter 04). `bash scripts/quickstart.sh` builds and runs the programs on "
                  "your code; `bash scripts/test.sh` runs every test against your code: they "
                  "fail until you have done the exercises.\n" % (
                      " (chapters %s)" % ", ".join(released) if released else " (none yet)"))
        lines = text.split("\n")
        # after the title line
        text = "\n".join(lines[:1]) + "\n" + banner + "\n".join(lines[1:])
        # the grader is not part of the edition
        text = re.sub(r"\n## For the instructor: grading\n.*?(?=\n## )", "\n", text, flags=re.S)
    return text


def make_edition(out, released, build, jobs, from_build=""):
    chs = chapters()
    if os.path.exists(out):
        if os.listdir(out):
            raise Failure("--out %s exists and is not empty" % out)
    os.makedirs(out, exist_ok=True)
    released_dirs = ["solutions/%s_%s/ANSWERS.md" % (n, chs[n]) for n in released]
    copied = 0
    for rel in sorted(repo_files()):
        if rel in LEFT_OUT or (rel.startswith(LEFT_OUT_DIRS) and rel not in released_dirs):
            continue
        src = os.path.join(REPO, rel)
        dst = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if rel in ("README.md", "scripts/quickstart.sh", "scripts/test.sh"):
            with open(src, encoding="utf-8") as f:
                text = f.read()
            with open(dst, "w", encoding="utf-8") as f:
                f.write(adapt_text(rel, text, released))
            shutil.copymode(src, dst)
        else:
            shutil.copy2(src, dst)
        copied += 1
    objs = reference_objects_of(from_build, chs) if from_build else build_reference(build, jobs, chs)
    pre = os.path.join(out, "prebuilt")
    os.makedirs(pre)
    readme = ["# prebuilt/: the reference, compiled", "",
              "`libchNN_solution.a` holds the reference bodies (and given code) of chapter NN,",
              "compiled (Release) from the instructor's repository; `chNN_exercises.txt` names the",
              "chapter's exercise files. CMake links the reference flavour from them",
              "(common/cmake/NNChapter.cmake), so the tests of a chapter take the earlier chapters",
              "from the reference. They are not sources: do the exercises in chapters/.", ""]
    for n in sorted(chs):
        folder = "%s_%s" % (n, chs[n])
        sol = os.path.join(REPO, "solutions", folder)
        names = sorted(f for f in os.listdir(sol) if f.endswith(".cpp")
                       and os.path.isfile(os.path.join(REPO, "chapters", folder, f)))
        if not names or n not in objs:
            continue
        lib = os.path.join(pre, "libch%s_solution.a" % n)
        rc, o = run(["ar", "rcs", lib] + sorted(objs[n]))
        if rc != 0:
            raise Failure("ar: " + o)
        # no debug info, no local symbol names of the reference
        run(["strip", "--strip-debug", "--discard-all", lib])
        with open(os.path.join(pre, "ch%s_exercises.txt" % n), "w") as f:
            f.write("\n".join(names) + "\n")
    with open(os.path.join(pre, "README.md"), "w") as f:
        f.write("\n".join(readme))
    return copied


def main(argv):
    ap = argparse.ArgumentParser(prog="make_edition.py", description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, metavar="DIR", help="where to write the edition (new or empty)")
    ap.add_argument("--release-answers", default="", metavar="LIST",
                    help="chapters whose ANSWERS.md the edition carries, e.g. 01,02")
    ap.add_argument("--build", default="", metavar="DIR",
                    help="build folder of the reference (default: a folder in /tmp named after this repo)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--from-build", default="", metavar="DIR",
                    help="take the compiled reference from this existing Release build tree instead of "
                         "building it (e.g. build-test after scripts/test.sh)")
    try:
        a = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    chs = chapters()
    released = []
    for c in [c.strip() for c in a.release_answers.split(",") if c.strip()]:
        if not c.isdigit() or "%02d" % int(c) not in chs:
            print("make_edition.py: error: --release-answers %s: no chapter %s" % (a.release_answers, c),
                  file=sys.stderr)
            return 2
        released.append("%02d" % int(c))
    out = os.path.abspath(a.out)
    inside = out == REPO or out.startswith(REPO + os.sep)
    if inside and not os.path.relpath(out, REPO).split(os.sep)[0].startswith("build"):
        print("make_edition.py: error: --out must lie outside this repository (or in a build* folder)",
              file=sys.stderr)
        return 2
    build = a.build or os.path.join(tempfile.gettempdir(), "nn-edition-build-%s"
                                    % hashlib.sha256(REPO.encode()).hexdigest()[:10])
    try:
        n = make_edition(out, sorted(set(released)), os.path.abspath(build), a.jobs,
                         os.path.abspath(a.from_build) if a.from_build else "")
    except Failure as e:
        print("make_edition.py: %s" % e, file=sys.stderr)
        return 1
    print("student edition written to %s (%d files from the repository + prebuilt/; answers released: %s)"
          % (out, n, ",".join(released) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
