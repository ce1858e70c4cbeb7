#!/usr/bin/env python3
"""Grade a student's chapters against the tests, chapter by chapter, treating the
submission as hostile input.

Usage:
  python3 scripts/grade.py [--student DIR] [--extra-tests DIR] [--chapters 01,03]
                           [--build DIR] [--out results.json] [--jobs N]
                           [--timeout S] [--test-timeout S] [--build-timeout S]
                           [--hidden-visibility after_published|after_due_date|hidden]
                           [--reference-as-student] [--sandbox bwrap|none]

DIR is a student's copy of this repository, or just of its chapters/ folder. Default:
this repository (its stubs score 0).

Per chapter (see README.md, "For the instructor: grading"):
 1. the trusted test list (names, tags, points) comes from reference binaries built from
    this repository's tests and the hidden tests: they contain no student code;
 2. the student's exercise files are accepted only as regular files at the expected names
    (no symbolic link anywhere on the path) and copied into a fresh private staging folder;
 3. they are compiled in a sandbox (bubblewrap: no network, private /tmp, only the system,
    the staged files and the public headers visible; an unprivileged user when grading as
    root; rlimits; a cleared environment) with the compile commands CMake made for
    ch<NN>_student, so the flags are those of the student's own tests;
 4. the objects may define the chapter's functions (namespace nn) and weak/inline/template
    code only: no main, no Catch2 or nn::test symbols, no operator new/delete, no C-named
    definitions; they may not call fork/exec/dlopen/syscall/... (nm);
 5. they are linked (outside the sandbox, with trusted objects only) into the visible test
    binary and, in a binary of their own, with the hidden tests;
 6. each binary runs in the sandbox; its Catch2 XML report comes through a pipe and must be
    one well-formed report of exactly the trusted tests: missing, extra or repeated tests,
    or anything written after the report, score the chapter 0. A crash or a hang reruns
    the tests one by one. The whole process tree is killed at the time limit.
Hidden tests: every result and message of the hidden binary has the --hidden-visibility
(default after_published); compiler or linker messages of the hidden binary are never shown.

Points: the tag [points=N] of a TEST_CASE (default 1); exercise tags [ex3.6] give the
Gradescope "number". Output: a score table on stdout and a Gradescope results.json,
written only after every sandboxed process is gone.
Exit code: 0 grading ran (whatever the score), 2 bad usage, 1 infrastructure error.
Python 3 standard library only.
"""

import argparse
import dataclasses
import hashlib
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

REPO = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
MAX_TEST_OUTPUT = 4000          # characters of failure messages kept per test
MAX_COMPILE_LINES = 40          # lines of compiler errors kept per chapter
MAX_SOURCE_BYTES = 1 << 20      # a student's source file larger than this is refused
MAX_REPORT_BYTES = 32 << 20     # a Catch2 report larger than this is treated as tampered
MAX_LOG_BYTES = 1 << 20         # what is kept of a sandboxed program's stdout/stderr
SANDBOX_UID = 65534             # nobody / nogroup, when grading as root
VISIBILITIES = ("after_published", "after_due_date", "hidden")

# Undefined symbols (C functions) a student's exercise code has no business calling: processes,
# file descriptors, signals, dynamic loading, raw system calls, memory protection, exit paths.
FORBIDDEN_CALLS = set("""
fork vfork clone clone3 execve execv execvp execvpe execl execlp execle fexecve system popen
posix_spawn posix_spawnp setsid setpgid setpgrp daemon ptrace syscall mprotect mmap mmap64
munmap mremap dlopen dlsym dlmopen dlvsym dup dup2 dup3 close close_range kill killpg tgkill
tkill raise prctl unshare setns process_vm_writev process_vm_readv pthread_atfork atexit
on_exit at_quick_exit exit _exit _Exit quick_exit signal sigaction sigprocmask
pthread_sigmask setrlimit prlimit prlimit64 chdir fchdir chroot pivot_root mount umount
""".split())
# C-named definitions the compiler itself emits in ordinary C++ objects.
ALLOWED_C_DEFINITIONS = {"DW.ref.__gxx_personality_v0"}
# `catch (const std::exception&)` makes the compiler emit a weak pointer to the caught type's
# typeinfo, DW.ref._ZTI<type> (nm kind V): legitimate code, allowed in that form only.
ALLOWED_WEAK_PREFIX = "DW.ref._ZTI"


class InfraError(Exception):
    """Something is wrong with the grading setup, not with the student's code."""


class UsageError(Exception):
    """A bad command line."""


# ---------------------------------------------------------------------- records

@dataclass
class TestSpec:
    """One test case of the trusted list."""
    name: str
    tags: List[str]
    points: int
    hidden: bool
    exercises: List[str]


@dataclass
class TestResult:
    spec: TestSpec
    passed: bool
    output: str


@dataclass
class StagedChapter:
    """What was accepted of the student's chapter folder."""
    number: str
    name: str
    files: List[str] = field(default_factory=list)        # staged exercise files (basenames)
    notes: List[str] = field(default_factory=list)        # visible to the student
    refused: str = ""                                      # why the chapter scores 0, if refused


@dataclass
class SandboxRun:
    rc: Optional[int]             # exit code, -signal, or None when the time limit killed it
    output: str                   # stdout + stderr (bounded)
    report: bytes = b""           # what came through the report pipe
    report_complete: bool = True  # False if the pipe was still open after the deadline
    seconds: float = 0.0


@dataclass
class ChapterGrade:
    number: str
    name: str
    results: List[TestResult] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)           # visible to the student
    hidden_notes: List[str] = field(default_factory=list)    # instructor (and hidden visibility)
    compile_error: str = ""
    seconds: float = 0.0

    @property
    def label(self):
        return "%s %s" % (self.number, self.name)


@dataclass
class Layout:
    """The grader's folders. build/ is private to the grading user (0711 when grading as
    root, so that the sandbox user can reach its own subfolders but list nothing)."""
    build: str
    trusted: str      # the CMake build tree: trusted code only, never visible in a sandbox
    stage: str        # <stage>/NN_name/*.cpp: the accepted student files (read-only in the sandbox)
    box: str          # per-step folders the sandbox may write, recreated every time
    lib: str          # libch<NN>_student.a handed to CMake

    @staticmethod
    def of(build):
        return Layout(build, os.path.join(build, "trusted"), os.path.join(build, "stage", "chapters"),
                      os.path.join(build, "box"), os.path.join(build, "lib"))


# ---------------------------------------------------------------------- helpers

def log(msg=""):
    print(msg, flush=True)


def truncate(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit] + "\n... (truncated, %d more characters)" % (len(text) - limit)


def run_trusted(cmd, cwd=None, timeout=None):
    """Run a trusted command (cmake, the reference binaries); return (rc or None, output).
    Output goes to a file, not a pipe, and the process group is killed at the time limit."""
    with tempfile.TemporaryFile() as out:
        try:
            p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as e:
            raise InfraError("cannot run %s: %s" % (cmd[0], e))
        rc = wait_or_kill(p, timeout)
        out.seek(0)
        return rc, out.read(8 << 20).decode("utf-8", "replace")


def wait_or_kill(p, timeout):
    """Wait for p; at the time limit kill its whole process group. None if killed."""
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        return None


def signal_name(rc):
    try:
        return signal.Signals(-rc).name
    except (ValueError, AttributeError):
        return "signal %d" % -rc


def repo_chapters():
    """{number: name} of the chapters registered in CMakeLists.txt whose folder and test
    file exist."""
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


def exercise_files(number, name):
    """The student's files of a chapter: the .cpp files in both chapters/ and solutions/."""
    folder = "%s_%s" % (number, name)
    sol = os.path.join(REPO, "solutions", folder)
    ours = os.path.join(REPO, "chapters", folder)
    if not os.path.isdir(sol):
        raise InfraError("solutions/%s is missing: grade with the full repository, not the "
                         "student edition" % folder)
    return sorted(f for f in os.listdir(sol) if f.endswith(".cpp")
                  and os.path.isfile(os.path.join(ours, f)))


def escape_test_name(name):
    """A test name as a Catch2 test spec matching exactly that test."""
    out = re.sub(r'([\\,\[\]*"])', r"\\\1", name)
    if out.startswith("~") or out.startswith("exclude:"):
        out = "\\" + out
    return out


def is_within(path, root):
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root + os.sep)


# ---------------------------------------------------------------------- the submission

def student_chapters_dir(student):
    """(the folder holding NN_name/ folders, or None, refusal reason)."""
    top = os.path.realpath(student)
    if not os.path.isdir(top):
        raise UsageError("--student %s: no such folder" % student)
    sub = os.path.join(top, "chapters")
    try:
        st = os.lstat(sub)
    except FileNotFoundError:
        return top, top, ""
    if stat.S_ISLNK(st.st_mode):
        return top, None, "chapters/ is a symbolic link: submit the folder itself"
    if not stat.S_ISDIR(st.st_mode):
        return top, None, "chapters is not a folder"
    return top, sub, ""


def read_regular_file(path, top):
    """The bytes of path if it is a regular file (no symbolic link on the way from top),
    else raise ValueError(reason)."""
    rel = os.path.relpath(path, top)
    # No symlink on any component below the submission's top folder.
    cur = top
    for part in rel.split(os.sep):
        cur = os.path.join(cur, part)
        st = os.lstat(cur)
        if stat.S_ISLNK(st.st_mode):
            raise ValueError("%s is a symbolic link" % os.path.relpath(cur, top))
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("%s is not a regular file" % rel)
    if not is_within(path, top):
        raise ValueError("%s lies outside the submission" % rel)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        fst = os.fstat(fd)
        if not stat.S_ISREG(fst.st_mode) or (fst.st_dev, fst.st_ino) != (st.st_dev, st.st_ino):
            raise ValueError("%s changed while it was read" % rel)
        if fst.st_size > MAX_SOURCE_BYTES:
            raise ValueError("%s is larger than %d bytes" % (rel, MAX_SOURCE_BYTES))
        data = b""
        while len(data) <= MAX_SOURCE_BYTES:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            data += chunk
        if len(data) > MAX_SOURCE_BYTES:
            raise ValueError("%s is larger than %d bytes" % (rel, MAX_SOURCE_BYTES))
        return data
    finally:
        os.close(fd)


def write_private(path, data, mode=0o644):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def stage_submission(student, layout, chapters, reference_as_student=False):
    """Copy the accepted files of each chapter into a fresh staging folder.

    The student's exercise files must be regular files at the expected names; the headers
    of this repository are the contract (the student's copies are ignored, a note says so
    when they differ); a missing exercise file is replaced by the stub. Returns
    {number: StagedChapter}."""
    top, src, refused_all = student_chapters_dir(student)
    if os.path.isdir(os.path.dirname(layout.stage)):
        shutil.rmtree(os.path.dirname(layout.stage))
    os.makedirs(layout.stage, mode=0o755)
    os.chmod(os.path.dirname(layout.stage), 0o755)
    staged = {}
    for number, name in sorted(chapters.items()):
        folder = "%s_%s" % (number, name)
        sc = StagedChapter(number, name)
        staged[number] = sc
        dest = os.path.join(layout.stage, folder)
        os.makedirs(dest, mode=0o755)
        ours = os.path.join(REPO, "chapters", folder)
        for h in sorted(os.listdir(ours)):
            if h.endswith((".hpp", ".h")):
                shutil.copyfile(os.path.join(ours, h), os.path.join(dest, h))
                os.chmod(os.path.join(dest, h), 0o644)
        wanted = exercise_files(number, name)
        if refused_all:
            sc.refused = refused_all
            continue
        if reference_as_student:
            theirs = os.path.join(REPO, "solutions", folder)
            top_of = theirs
            sc.notes.append("graded the reference solution as the student's code")
        else:
            theirs = os.path.join(src, folder)
            top_of = top
        try:
            st = os.lstat(theirs)
        except FileNotFoundError:
            st = None
        if st is None:
            sc.notes.append("no folder %s in the submission: graded the unmodified stubs" % folder)
            theirs = None
        elif stat.S_ISLNK(st.st_mode):
            sc.refused = "chapters/%s is a symbolic link: submit the folder itself" % folder
            continue
        elif not stat.S_ISDIR(st.st_mode):
            sc.refused = "chapters/%s is not a folder" % folder
            continue
        for f in wanted:
            data = None
            if theirs is not None:
                path = os.path.join(theirs, f)
                if os.path.lexists(path):
                    try:
                        data = read_regular_file(path, top_of)
                    except (ValueError, OSError) as e:
                        sc.refused = "%s: submit regular files only" % e
                        break
                else:
                    sc.notes.append("%s missing in the submission: used the stub" % f)
            if data is None:
                with open(os.path.join(ours, f), "rb") as fh:
                    data = fh.read()
            write_private(os.path.join(dest, f), data)
            sc.files.append(f)
        if sc.refused or theirs is None:
            continue
        try:
            entries = sorted(os.listdir(theirs))
        except OSError:
            entries = []
        for e in entries:
            path = os.path.join(theirs, e)
            if e.endswith((".hpp", ".h")) and os.path.isfile(os.path.join(ours, e)):
                try:
                    mine = read_regular_file(path, top_of)
                except (ValueError, OSError):
                    mine = None
                with open(os.path.join(ours, e), "rb") as fh:
                    if mine is not None and mine != fh.read():
                        sc.notes.append("%s differs from the original header; graded with the "
                                        "original (headers are the contract)" % e)
            elif e.endswith((".cpp", ".cc", ".cxx")) and e not in wanted and \
                    not os.path.isfile(os.path.join(ours, e)):
                sc.notes.append("%s is not one of the chapter's files (%s): ignored; put helpers "
                                "in the exercise file" % (e, ", ".join(wanted)))
    return staged


def hidden_test_files(extra, chapters):
    """{number: [files]} of the extra (hidden) tests; warns about every other file."""
    picked = {}
    if not extra:
        return picked
    for e in sorted(os.listdir(extra)):
        path = os.path.join(extra, e)
        m = re.match(r"ch(\d\d)_.+\.cpp$", e)
        if m and m.group(1) in chapters and os.path.isfile(path):
            picked.setdefault(m.group(1), []).append(e)
        elif e.endswith((".cpp", ".cc", ".cxx")) or e.startswith("ch"):
            log("warning: --extra-tests %s: ignored (a hidden test file is named chNN_*.cpp "
                "with NN a chapter that has tests: %s)" % (e, ",".join(sorted(chapters))))
    for number, files in sorted(picked.items()):
        log("hidden tests of chapter %s: %s" % (number, ", ".join(files)))
    return picked


# ---------------------------------------------------------------------- the sandbox

class Sandbox:
    """Runs untrusted commands: bubblewrap (new user, pid, net, ipc, uts namespaces; only the
    given folders visible) under rlimits, as nobody when grading as root; the process tree
    is killed at the time limit and no read waits past it."""

    def __init__(self, mode):
        self.mode = mode
        self.root = os.geteuid() == 0
        self.bwrap = shutil.which("bwrap")
        self.setpriv = shutil.which("setpriv")
        self.prlimit = shutil.which("prlimit")
        if not self.prlimit:
            raise InfraError("prlimit not found (Debian package util-linux)")
        if self.root and not self.setpriv:
            raise InfraError("setpriv not found (Debian package util-linux): needed to drop root")
        if mode == "bwrap" and not self.bwrap:
            raise InfraError("bwrap not found: sudo apt-get install bubblewrap "
                             "(or --sandbox none inside a disposable container)")
        self.uid = SANDBOX_UID if self.root else os.getuid()

    def own(self, path):
        """Make path (a folder the sandbox writes) belong to the sandbox user."""
        if self.root:
            os.chown(path, SANDBOX_UID, SANDBOX_UID)
        os.chmod(path, 0o700)

    def nproc_limit(self):
        n = 0
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    if os.stat("/proc/" + pid).st_uid == self.uid:
                        n += 1
                except OSError:
                    pass
        return n + 64

    def command(self, cmd, ro=(), rw=(), cwd="/tmp", cpu=600, info_fd=None):
        limits = [self.prlimit, "--as=%d" % (4 << 30), "--nproc=%d" % self.nproc_limit(),
                  "--fsize=%d" % (256 << 20), "--cpu=%d" % cpu, "--nofile=256", "--core=0",
                  "--"]
        drop = []
        if self.root:
            drop = [self.setpriv, "--reuid=%d" % SANDBOX_UID, "--regid=%d" % SANDBOX_UID,
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
        env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "TMPDIR": "/tmp",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        if self.mode == "none":
            env["HOME"] = env["TMPDIR"] = cwd
            return limits + drop + ["env", "-i", "-C", cwd] + ["%s=%s" % kv for kv in env.items()] + cmd
        box = [self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]
        for k, v in env.items():
            box += ["--setenv", k, v]
        box += ["--ro-bind", "/usr", "/usr"]
        for d in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(d):
                box += ["--symlink", os.readlink(d), d]
            elif os.path.isdir(d):
                box += ["--ro-bind", d, d]
        for f in ("/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
                  "/etc/ld.so.conf.d"):
            box += ["--ro-bind-try", f, f]
        box += ["--proc", "/proc", "--dev", "/dev", "--size", str(64 << 20), "--tmpfs", "/tmp"]
        for src, dst in ro:
            box += ["--ro-bind", src, dst]
        for src, dst in rw:
            box += ["--bind", src, dst]
        if info_fd is not None:
            box += ["--info-fd", str(info_fd)]
        box += ["--chdir", cwd]
        return limits + drop + box + cmd

    def run(self, cmd, ro=(), rw=(), cwd="/tmp", timeout=60, report=False, cpu=None):
        """Run cmd in the sandbox. With report=True the command gets the write end of a pipe
        (its number replaces @REPORT_FD@ in cmd, for Catch2's `-o /proc/self/fd/N`), read by a
        thread with a bounded size: nothing written there can be rewritten later."""
        t0 = time.time()
        info = tempfile.TemporaryFile()
        out = tempfile.TemporaryFile()
        pass_fds = [info.fileno()]
        rfd = wfd = None
        chunks, state = [], {"size": 0, "overflow": False}
        if report:
            rfd, wfd = os.pipe()      # the child writes /proc/self/fd/<wfd>: same number there
            if self.root:
                os.fchown(wfd, SANDBOX_UID, SANDBOX_UID)   # so that nobody may reopen it
            pass_fds.append(wfd)
        cmd = [c.replace("@REPORT_FD@", str(wfd)) for c in cmd]
        if self.mode == "none":
            # No mount namespace: the real paths, and a private scratch folder as the cwd.
            def real(c):
                for src, dst in list(ro) + list(rw):
                    if c == dst or c.startswith(dst + "/"):
                        return src + c[len(dst):]
                return c
            cmd = [real(c) for c in cmd]
            cwd = tempfile.mkdtemp(prefix="nn-grade-scratch-")
            self.own(cwd)
        full = self.command(cmd, ro, rw, cwd,
                            cpu or max(10, timeout + 5), info_fd=info.fileno() if self.mode == "bwrap" else None)
        try:
            p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                 pass_fds=pass_fds, start_new_session=True)
        except OSError as e:
            raise InfraError("cannot start the sandbox (%s): %s" % (full[0], e))
        reader = None
        if report:
            os.close(wfd)

            def drain():
                while True:
                    try:
                        b = os.read(rfd, 1 << 16)
                    except OSError:
                        break
                    if not b:
                        break
                    if state["size"] < MAX_REPORT_BYTES:
                        chunks.append(b)
                    else:
                        state["overflow"] = True
                    state["size"] += len(b)
            reader = threading.Thread(target=drain, daemon=True)
            reader.start()
        rc = wait_or_kill(p, timeout)
        self.reap_namespace(info)
        complete = True
        if reader is not None:
            reader.join(timeout=10)           # every writer is dead: EOF comes at once
            complete = not reader.is_alive() and not state["overflow"]
            if not reader.is_alive():
                os.close(rfd)
        if self.mode == "none":
            shutil.rmtree(cwd, ignore_errors=True)
        out.seek(0)
        text = out.read(MAX_LOG_BYTES).decode("utf-8", "replace")
        out.close()
        info.close()
        if self.mode == "bwrap" and rc is not None and rc == 1 and "bwrap:" in text and \
                text.lstrip().startswith("bwrap:"):
            raise InfraError("the sandbox (bubblewrap) does not work here: %s" % text.strip()[:300])
        return SandboxRun(rc, text, b"".join(chunks), complete, time.time() - t0)

    def reap_namespace(self, info):
        """Wait until no process of the sandbox's pid namespace is left (kill stragglers)."""
        if self.mode != "bwrap":
            return
        info.seek(0)
        try:
            ns = json.loads(info.read().decode() or "{}").get("pid-namespace")
        except ValueError:
            ns = None
        if not ns:
            return
        target = "pid:[%d]" % ns
        deadline = time.time() + 10
        while True:
            left = []
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    try:
                        if os.readlink("/proc/%s/ns/pid" % pid) == target:
                            left.append(int(pid))
                    except OSError:
                        pass
            if not left:
                return
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            if time.time() > deadline:
                raise InfraError("sandboxed processes %s survive SIGKILL" % left)
            time.sleep(0.05)


# ---------------------------------------------------------------------- the trusted build

def default_build_dir():
    h = hashlib.sha256(REPO.encode()).hexdigest()[:10]
    return os.path.join(tempfile.gettempdir(), "nn-grade-%d-%s" % (os.getuid(), h))


def prepare_layout(build, sandbox):
    build = os.path.abspath(build)
    try:
        st = os.lstat(build)
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
            raise InfraError("--build %s is not a folder (or is a symbolic link)" % build)
        if st.st_uid != os.getuid():
            raise InfraError("--build %s belongs to another user: choose another folder" % build)
    except FileNotFoundError:
        os.makedirs(build, mode=0o700)
    os.chmod(build, 0o711 if sandbox.root else 0o700)
    layout = Layout.of(build)
    for d in (layout.trusted, layout.lib):
        os.makedirs(d, exist_ok=True)
        os.chmod(d, 0o700)
    if os.path.isdir(layout.box):
        shutil.rmtree(layout.box)
    os.makedirs(layout.box, mode=0o711)
    os.chmod(layout.box, 0o711)
    return layout


def configure(layout, hidden_dir):
    cmake = shutil.which("cmake")
    if not cmake:
        raise InfraError("cmake not found on PATH (sudo apt-get install cmake)")
    cmd = [cmake, "-S", REPO, "-B", layout.trusted,
           "-DCMAKE_BUILD_TYPE=Release",
           "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON",
           "-DNN_STUDENT_DIR=" + layout.stage,
           "-DNN_CHECK_STUBS=OFF",
           "-DNN_USE_SOLUTIONS=ON",
           "-DNN_WERROR=OFF",
           "-DNN_BUILD_TESTS=ON",
           "-DNN_EXTRA_TESTS=",
           "-DNN_GRADE_ARCHIVE_DIR=" + layout.lib,
           "-DNN_GRADE_HIDDEN_TESTS=" + (hidden_dir or "")]
    if shutil.which("ccache"):
        cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    cache = os.path.join(layout.trusted, "CMakeCache.txt")
    if os.path.isfile(cache):
        with open(cache, encoding="utf-8", errors="replace") as f:
            m = re.search(r"^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$", f.read(), re.M)
        if m and os.path.realpath(m.group(1)) != REPO:
            raise InfraError("the build folder %s was made for another checkout (%s): give this "
                             "one its own --build" % (os.path.dirname(layout.trusted), m.group(1)))
    stamp = os.path.join(layout.trusted, "grade-configure.json")
    try:
        with open(stamp, encoding="utf-8") as f:
            if json.load(f) == cmd and os.path.isfile(os.path.join(layout.trusted, "compile_commands.json")):
                return      # configured with the same options: cmake --build re-checks the rest
    except (OSError, ValueError):
        pass
    if os.path.exists(stamp):
        os.remove(stamp)
    log("configuring %s" % layout.trusted)
    rc, out = run_trusted(cmd, timeout=600)
    if rc != 0:
        raise InfraError("cmake configure failed:\n" + "\n".join(out.splitlines()[-30:]))
    with open(stamp, "w", encoding="utf-8") as f:
        json.dump(cmd, f)


def build_target(layout, target, jobs, timeout):
    rc, out = run_trusted(["cmake", "--build", layout.trusted, "--target", target, "-j", str(jobs)],
                          timeout=timeout)
    if rc is None:
        return False, "the build of %s took longer than %d s" % (target, timeout)
    return rc == 0, out


def compiler_errors(out):
    """The first lines of a compiler's output from its first error on; for a link error the
    lines naming the symbols (multiple definition / undefined reference)."""
    lines = [l for l in out.splitlines() if not l.startswith(("gmake", "make[", "[ ", "make:"))]
    link = [l for l in lines if re.search(r"multiple definition|undefined reference|first defined here"
                                          r"|relocation .* against", l)]
    if link:
        return "\n".join(link[:MAX_COMPILE_LINES])
    start = None
    for i, line in enumerate(lines):
        if re.search(r"\berror\b|ld returned", line):
            start = i
            break
    if start is None:
        start = max(0, len(lines) - MAX_COMPILE_LINES)
    if start > 0 and re.search(r"In (member )?function|In instantiation|In file included", lines[start - 1]):
        start -= 1
    return "\n".join(lines[start:start + MAX_COMPILE_LINES])


# ---------------------------------------------------------------------- test lists

def list_tests(binary, hidden, timeout=120):
    """The trusted list [TestSpec] of a reference binary (trusted: no student code in it)."""
    rc, out = run_trusted([binary, "--list-test-names-only"], timeout=timeout)
    if rc is None or rc < 0:
        raise InfraError("the reference binary %s cannot list its tests" % binary)
    names = [l.rstrip("\r") for l in out.splitlines() if l.strip()]
    if len(set(names)) != len(names):
        raise InfraError("%s has two tests with the same name" % binary)
    tags_of = {n: [] for n in names}
    rc, out = run_trusted([binary, "--list-tags"], timeout=timeout)
    for tag in sorted(set(re.findall(r"\[([^\]\s]+)\]", out or ""))):
        if not re.match(r"points=\d+$|hidden$|ex\d+\.\d+[a-z]?$", tag):
            continue
        rc, out = run_trusted([binary, "[%s]" % tag, "--list-test-names-only"], timeout=timeout)
        for l in out.splitlines():
            l = l.rstrip("\r")
            if l in tags_of:
                tags_of[l].append(tag)
    specs = []
    for n in names:
        tags = tags_of[n]
        pts = [int(t.split("=")[1]) for t in tags if t.startswith("points=")]
        ex = sorted({t[2:] for t in tags if t.startswith("ex")},
                    key=lambda s: [int(x) if x.isdigit() else x for x in re.split(r"[.]", s)])
        specs.append(TestSpec(n, tags, pts[0] if pts else 1, hidden or "hidden" in tags, ex))
    return specs


# ---------------------------------------------------------------------- compile the student

def student_compile_commands(layout, number):
    """The compile commands CMake made for ch<NN>_student (never built by CMake here)."""
    try:
        with open(os.path.join(layout.trusted, "compile_commands.json"), encoding="utf-8") as f:
            entries = json.load(f)
    except (OSError, ValueError) as e:
        raise InfraError("no compile_commands.json in %s: %s" % (layout.trusted, e))
    marker = "CMakeFiles/ch%s_student.dir/" % number
    cmds = []
    for e in entries:
        args = e.get("arguments") or shlex.split(e["command"])
        out = None
        for i, a in enumerate(args):
            if a == "-o" and i + 1 < len(args):
                out = args[i + 1]
        if out and marker in out:
            cmds.append((e["file"], args))
    if not cmds:
        raise InfraError("no compile command for ch%s_student in compile_commands.json" % number)
    return cmds


def sandbox_compile_args(args, out_obj, layout):
    """Rewrite a compile command for the sandbox: object to out_obj, no dependency files,
    no precompiled header of the build tree; returns (args, read-only folders to show)."""
    res, ro = [], set()
    skip = 0
    allowed_roots = [os.path.join(REPO, "chapters"), os.path.join(REPO, "common", "include")]
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-o", "-MF", "-MT", "-MQ"):
            i += 2
            continue
        if a in ("-MD", "-MMD"):
            i += 1
            continue
        if a == "-include" and i + 1 < len(args) and is_within(args[i + 1], layout.trusted):
            i += 2          # CMake's precompiled header: the sources include what they need
            continue
        if a == "-Winvalid-pch":
            i += 1
            continue
        path = None
        for flag in ("-I", "-isystem", "-iquote", "-idirafter"):
            if a == flag and i + 1 < len(args):
                res += [a]
                i += 1
                path = args[i]
                a = path
                break
            if a.startswith(flag) and len(a) > len(flag):
                path = a[len(flag):]
                break
        if path is None and a.startswith("/") and not a.startswith("/usr/"):
            path = a
        if path is not None and not path.startswith("/usr/"):
            if is_within(path, layout.stage):
                pass
            elif any(is_within(path, r) for r in allowed_roots):
                ro.add(os.path.realpath(path if os.path.isdir(path) else os.path.dirname(path)))
            elif i == 0:
                pass            # the compiler itself
            else:
                raise InfraError("the student's compile command refers to %s, which the sandbox "
                                 "does not show; update sandbox_compile_args()" % path)
        res.append(a)
        i += 1
    return res + ["-o", out_obj], ro


def compile_student(layout, sandbox, number, staged, timeout):
    """Compile ch<NN>_student's sources: the staged student files in the sandbox, the given
    code of this repository (no student input) outside it, through ccache. Returns
    (objects {source: obj}, error text or "")."""
    box = os.path.join(layout.box, "obj%s" % number)
    if os.path.isdir(box):
        shutil.rmtree(box)
    os.makedirs(box)
    sandbox.own(box)
    given_dir = os.path.join(layout.lib, "given%s" % number)
    os.makedirs(given_dir, mode=0o700, exist_ok=True)
    objs = {}
    inside = "/out"
    for k, (src, args) in enumerate(student_compile_commands(layout, number)):
        if args and os.path.basename(args[0]) in ("ccache", "sccache"):
            args = args[1:]
        obj = "%d_%s.o" % (k, os.path.basename(src))
        if not is_within(src, layout.stage):
            cmd, _ = sandbox_compile_args(args, os.path.join(given_dir, obj), layout)
            launcher = [shutil.which("ccache")] if shutil.which("ccache") else []
            rc, out = run_trusted(launcher + cmd, cwd=given_dir, timeout=timeout)
            if rc != 0:
                raise InfraError("the given code %s does not compile:\n%s" % (src, compiler_errors(out)))
            objs[src] = os.path.join(given_dir, obj)
            continue
        cmd, ro = sandbox_compile_args(args, os.path.join(inside, obj), layout)
        key = object_cache_key(cmd, src, ro, layout)
        cached = os.path.join(layout.build, "objcache", key + ".o")
        if os.path.isfile(cached):
            objs[src] = cached
            continue
        ro_binds = [(layout.stage, layout.stage)] + [(d, d) for d in sorted(ro)]
        r = sandbox.run(cmd, ro=ro_binds, rw=[(box, inside)], cwd="/tmp", timeout=timeout)
        if r.rc != 0:
            why = "the compiler took longer than %d s" % timeout if r.rc is None else r.output
            return objs, compiler_errors(why).replace(layout.stage + os.sep, "chapters" + os.sep)
        path = os.path.join(box, obj)
        try:
            st = os.lstat(path)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            return objs, "the compiler produced no object file for %s" % os.path.basename(src)
        # Keep a private copy: the same file with the same flags and headers compiles to the same
        # object (e.g. the untouched stubs of many students). Only the grader writes this cache.
        os.makedirs(os.path.dirname(cached), mode=0o700, exist_ok=True)
        with open(path, "rb") as fh:
            data = fh.read(256 << 20)
        tmp = cached + ".tmp%d" % os.getpid()
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cached)
        objs[src] = cached
    return objs, ""


def object_cache_key(cmd, src, ro, layout):
    """A hash of everything a student's object depends on: the command, the source, the headers
    of the staged chapter and of the shown include folders, the compiler and Armadillo."""
    h = hashlib.sha256(json.dumps(cmd).encode())
    files = [src] + sorted(os.path.join(os.path.dirname(src), f) for f in os.listdir(os.path.dirname(src))
                           if f.endswith((".hpp", ".h")))
    for d in sorted(ro):
        for root, _, names in os.walk(d):
            files += sorted(os.path.join(root, n) for n in names if n.endswith((".hpp", ".h")))
    for f in files:
        h.update(f.encode())
        with open(f, "rb") as fh:
            h.update(hashlib.sha256(fh.read()).digest())
    for f in (cmd[0], shutil.which(cmd[0]) or "", "/usr/include/armadillo",
              "/usr/include/armadillo_bits/arma_version.hpp"):
        try:
            st = os.stat(os.path.realpath(f))
            h.update(("%s %d %d" % (f, st.st_mtime_ns, st.st_size)).encode())
        except OSError:
            pass
    return h.hexdigest()


# ---------------------------------------------------------------------- symbol check

def demangle(names):
    if not names:
        return {}
    tool = shutil.which("c++filt")
    if not tool:
        return {n: n for n in names}
    p = subprocess.run([tool], input="\n".join(names).encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, timeout=60)
    out = p.stdout.decode("utf-8", "replace").splitlines()
    return dict(zip(names, out)) if len(out) == len(names) else {n: n for n in names}


def symbol_problems(layout, sandbox, obj, shown_as):
    """Why the object file of a student's source may not be linked ([] if it may)."""
    view = os.path.join(layout.box, "nm")
    if os.path.isdir(view):
        shutil.rmtree(view)
    os.makedirs(view, mode=0o755)
    os.chmod(view, 0o755)
    shutil.copyfile(obj, os.path.join(view, "o.o"))
    os.chmod(os.path.join(view, "o.o"), 0o644)
    r = sandbox.run(["nm", "-P", "-A", "/obj/o.o"], ro=[(os.path.join(view, "o.o"), "/obj/o.o")], timeout=60)
    if r.rc != 0:
        return ["nm cannot read the object file of %s" % shown_as]
    defined, undefined = [], []
    for line in r.output.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        name, kind = parts[1], parts[2]
        if kind in ("U", "w", "v"):
            undefined.append(name)
        elif kind.isupper() or kind in ("u", "i"):
            defined.append((name, kind))
    dm = demangle([n for n, _ in defined] + undefined)
    bad = []

    def forbidden_name(n, d):
        if n == "main" or n.startswith(("_Znw", "_Zna", "_Zdl", "_Zda")) or \
                d.startswith(("operator new", "operator delete")):
            return "main or operator new/delete"
        if "Catch::" in d or n.startswith(("_ZN5Catch", "_ZNK5Catch")) or "nn::test::" in d:
            return "a symbol of Catch2 or of the test support code"
        return ""

    for n, kind in defined:
        d = dm.get(n, n)
        why = forbidden_name(n, d)
        if not why and kind == "i":
            why = "an indirect function (ifunc)"
        allowed_c = n in ALLOWED_C_DEFINITIONS or (n.startswith(ALLOWED_WEAK_PREFIX) and kind == "V")
        if not why and not n.startswith("_Z") and not allowed_c:
            why = "a C function or variable (it would replace the C library's)"
        if not why and kind in "TDBRGSAC":
            # Strong definitions: the chapter's code in namespace nn only.
            if not (n.startswith(("_ZN2nn", "_ZNK2nn", "_ZTVN2nn", "_ZTIN2nn", "_ZTSN2nn",
                                  "_ZGVN2nn", "_ZTHN2nn", "_ZTWN2nn"))):
                why = ("a function outside namespace nn (make helpers static or put them in an "
                       "anonymous namespace)")
        if why:
            bad.append("%s defines %s: %s" % (shown_as, d, why))
    for n in undefined:
        d = dm.get(n, n)
        if "Catch::" in d or "nn::test::" in d:
            bad.append("%s uses %s: Catch2 and the test support code are off limits" % (shown_as, d))
        elif n.split("@")[0] in FORBIDDEN_CALLS:
            bad.append("%s calls %s(): processes, signals, file descriptors and exit paths are "
                       "off limits in exercise code" % (shown_as, n.split("@")[0]))
    return bad[:20]


def make_archive(layout, number, objs):
    lib = os.path.join(layout.lib, "libch%s_student.a" % number)
    if os.path.exists(lib):
        os.remove(lib)
    copies = []
    d = os.path.join(layout.lib, "ch%s_objs" % number)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d, mode=0o700)
    for k, src in enumerate(sorted(objs)):
        c = os.path.join(d, "%02d_%s.o" % (k, os.path.basename(src)))
        with open(objs[src], "rb") as a:
            data = a.read(64 << 20)
        write_private(c, data, 0o600)
        copies.append(c)
    rc, out = run_trusted(["ar", "rcs", lib] + copies, timeout=120)
    if rc != 0:
        raise InfraError("ar failed: %s" % out)
    return lib


# ---------------------------------------------------------------------- running the tests

def describe_failure(tc):
    """Failure messages of a <TestCase> element of Catch2's XML reporter. Catch2 writes an
    INFO/CAPTURE note (<Info>) before the <Expression> it belongs to."""
    msgs = []
    pending = []

    def where(el):
        f = el.get("filename") or ""
        f = os.path.basename(f) if f else "?"
        return "%s:%s" % (f, el.get("line") or "?")

    def with_notes(text):
        for n in pending:
            text += "\n  with message: " + n
        del pending[:]
        return text

    def walk(el, sections):
        for child in el:
            tag = child.tag
            ctx = " / ".join(s for s in sections if s)
            if tag == "Section":
                walk(child, sections + [child.get("name") or ""])
            elif tag == "Expression":
                if child.get("success") != "false":
                    del pending[:]
                    continue
                orig = (child.findtext("Original") or "").strip()
                exp = (child.findtext("Expanded") or "").strip()
                head = "%s: %s( %s )" % (where(child), child.get("type") or "CHECK", orig)
                if ctx:
                    head = "[%s] %s" % (ctx, head)
                text = head
                if exp and exp != orig:
                    text += "\n  with expansion:\n    " + exp.replace("\n", "\n    ")
                for sub in child:
                    if sub.tag == "Exception":
                        text += "\n  threw: " + (sub.text or "").strip()
                    elif sub.tag == "FatalErrorCondition":
                        text += "\n  fatal: " + (sub.text or "").strip()
                msgs.append(with_notes(text))
            elif tag in ("Exception", "FatalErrorCondition", "Failure"):
                kind = {"Exception": "unexpected exception",
                        "FatalErrorCondition": "fatal error (crash)",
                        "Failure": "failed"}[tag]
                text = "%s: %s: %s" % (where(child), kind, (child.text or "").strip())
                if ctx:
                    text = "[%s] %s" % (ctx, text)
                msgs.append(with_notes(text))
            elif tag in ("Info", "Warning"):
                pending.append((child.text or "").strip())

    walk(tc, [])
    if pending and msgs:
        msgs[-1] = with_notes(msgs[-1])
    return "\n".join(msgs)


class ReportError(Exception):
    """The report is not one well-formed report of the expected tests."""


def parse_report(data, expected):
    """{name: (passed, text)} from a Catch2 XML report that must be one document listing each
    expected test exactly once (and nothing else). Raises ReportError otherwise."""
    if not data.strip():
        raise ReportError("no report")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise ReportError("the report is not one well-formed XML document (%s)" % e)
    if root.tag != "Catch":
        raise ReportError("the report is not Catch2's")
    results = {}
    expected = set(expected)
    for tc in root.iter("TestCase"):
        name = tc.get("name")
        if name not in expected:
            raise ReportError("the run reported a test that does not exist: %r" % name)
        if name in results:
            raise ReportError("the run reported the test %r twice" % name)
        res = tc.find("OverallResult")
        if res is None:
            raise ReportError("the test %r has no result" % name)
        passed = res.get("success") == "true"
        results[name] = (passed, "" if passed else describe_failure(tc))
    return results


class TestRunner:
    """Runs a sandboxed test binary for a list of trusted tests."""

    def __init__(self, layout, sandbox, timeout, test_timeout):
        self.layout, self.sandbox = layout, sandbox
        self.timeout, self.test_timeout = timeout, test_timeout
        self.ro = []
        for d in (os.path.join(REPO, "tests", "fixtures"), os.path.join(REPO, "datasets")):
            if os.path.isdir(d):
                self.ro.append((d, d))

    def _run(self, binary, args, timeout):
        return self.sandbox.run(["/grade/test"] + args + ["-r", "xml", "-o", "/proc/self/fd/@REPORT_FD@"],
                                ro=self.ro + [(binary, "/grade/test")], cwd="/tmp",
                                timeout=timeout, report=True)

    def run(self, binary_built, specs):
        """({name: (passed, text)}, notes, seconds, refused reason)."""
        box = os.path.join(self.layout.box, "bin")
        os.makedirs(box, exist_ok=True)
        os.chmod(box, 0o755)
        binary = os.path.join(box, os.path.basename(binary_built))
        if os.path.exists(binary):
            os.remove(binary)
        shutil.copyfile(binary_built, binary)
        os.chmod(binary, 0o755)
        names = [s.name for s in specs]
        notes = []
        t0 = time.time()
        r = self._run(binary, [], self.timeout)
        if r.rc is not None and r.rc >= 0 and r.report_complete:
            try:
                res = parse_report(r.report, names)
            except ReportError as e:
                # A clean exit with a broken report: something wrote into it.
                if r.report.strip() and r.report.lstrip().startswith(b"<?xml") and \
                        b"</Catch>" in r.report:
                    return {}, notes, time.time() - t0, "the test report was tampered with: %s" % e
                res = None
            if res is not None:
                missing = [n for n in names if n not in res]
                if missing:
                    return {}, notes, time.time() - t0, \
                        "the test run did not report %d of the %d tests (e.g. %r)" % (
                            len(missing), len(names), missing[0])
                return res, notes, time.time() - t0, ""
        if r.rc is None:
            notes.append("the test run did not finish within %d s (an infinite loop?); "
                         "running each test on its own" % self.timeout)
        elif r.rc < 0:
            notes.append("the test binary crashed (%s); running each test on its own"
                         % signal_name(r.rc))
        else:
            notes.append("the test report was incomplete (exit code %d); running each test on "
                         "its own" % r.rc)
        per = {}
        for name in names:
            r = self._run(binary, [escape_test_name(name)], self.test_timeout)
            try:
                got = parse_report(r.report, [name]) if r.report_complete else {}
            except ReportError:
                got = {}
            if r.rc is None:
                per[name] = (False, "timed out after %d s (an infinite loop?)" % self.test_timeout)
            elif r.rc < 0:
                per[name] = (False, ("crashed (%s)\n%s" % (signal_name(r.rc),
                                                           got.get(name, (0, ""))[1])).strip())
            elif name in got:
                per[name] = got[name]
            else:
                per[name] = (False, "no result (exit code %d)\n%s" % (r.rc, truncate(r.output, 1000)))
        return per, notes, time.time() - t0, ""


# ---------------------------------------------------------------------- grading one chapter

def zero(specs, why):
    return [TestResult(s, False, why) for s in specs]


def grade_chapter(args, layout, sandbox, staged, number, name, hidden_files):
    g = ChapterGrade(number, name)
    g.notes += staged.notes
    t0 = time.time()
    # 1. The trusted lists.
    ok, out = build_target(layout, "ch%s_test_solution" % number, args.jobs, args.build_timeout)
    if not ok:
        raise InfraError("the reference tests of chapter %s do not build:\n%s"
                         % (number, compiler_errors(out)))
    visible = list_tests(os.path.join(layout.trusted, "tests", "ch%s_test_solution" % number), False)
    hidden = []
    if hidden_files:
        t = "ch%s_grade_hidden_reference" % number
        ok, out = build_target(layout, t, args.jobs, args.build_timeout)
        if not ok:
            raise InfraError("the hidden tests of chapter %s do not build against the reference:\n%s"
                             % (number, compiler_errors(out)))
        hidden = list_tests(os.path.join(layout.trusted, "grade", t), True)
        for s in hidden:
            s.hidden = True
    visible_names = {s.name for s in visible}
    clash = [s.name for s in hidden if s.name in visible_names]
    if clash:
        raise InfraError("hidden test %r of chapter %s has the name of a visible test" % (clash[0], number))

    def finish(results, seconds=None):
        g.results = results
        g.seconds = time.time() - t0 if seconds is None else seconds
        return g

    # 2. Refused submissions.
    if staged.refused:
        g.notes.append("submission refused: %s; every test of the chapter scores 0" % staged.refused)
        return finish(zero(visible, "submission refused: " + staged.refused) +
                      zero(hidden, "submission refused"))

    # 3. Compile in the sandbox, 4. check the symbols.
    lib = os.path.join(layout.lib, "libch%s_student.a" % number)
    if os.path.exists(lib):
        os.remove(lib)
    log("chapter %s %s: compiling the student's files in the sandbox" % (number, name))
    objs, err = compile_student(layout, sandbox, number, staged, args.build_timeout)
    if err:
        g.compile_error = err
        g.notes.append("the chapter does not compile: every test scores 0")
        return finish(zero(visible, "does not compile:\n" + err) + zero(hidden, "does not compile"))
    if not args.no_static_checks:
        problems = []
        for src, obj in sorted(objs.items()):
            if is_within(src, layout.stage):
                problems += symbol_problems(layout, sandbox, obj,
                                            "chapters/" + os.path.relpath(src, layout.stage))
        if problems:
            g.notes.append("submission refused: the object code defines or uses what exercise "
                           "code may not; every test of the chapter scores 0")
            g.compile_error = "\n".join(problems)
            return finish(zero(visible, "submission refused:\n" + "\n".join(problems)) +
                          zero(hidden, "submission refused"))
    make_archive(layout, number, objs)

    runner = TestRunner(layout, sandbox, args.timeout, args.test_timeout)
    results = []
    # 5./6. Visible tests.
    t = "ch%s_grade_visible" % number
    ok, out = build_target(layout, t, args.jobs, args.build_timeout)
    if not ok:
        err = compiler_errors(out).replace(layout.stage + os.sep, "chapters" + os.sep)
        err = re.sub(re.escape(layout.lib + os.sep) + r"libch\d\d_student\.a\(\d+_([^)]*)\.o\):[^:]*:",
                     r"chapters/%s_%s/\1:" % (number, name), err)
        g.compile_error = err
        g.notes.append("the chapter does not link: every test scores 0")
        return finish(zero(visible, "does not link:\n" + err) + zero(hidden, "does not link"))
    log("chapter %s %s: running the tests in the sandbox" % (number, name))
    res, notes, secs, refused = runner.run(os.path.join(layout.trusted, "grade", t), visible)
    g.notes += notes
    if refused:
        g.notes.append("%s: every test of the chapter scores 0" % refused)
        return finish(zero(visible, refused) + zero(hidden, "the visible test run was tampered with"))
    results += [TestResult(s, *res[s.name]) for s in visible]
    # Hidden tests: their own binary; nothing of it is shown before publication.
    if hidden:
        t = "ch%s_grade_hidden" % number
        ok, out = build_target(layout, t, args.jobs, args.build_timeout)
        if not ok:
            g.notes.append("the hidden tests do not link with this code: they score 0")
            g.hidden_notes.append("hidden tests, link errors:\n" + compiler_errors(out))
            results += zero(hidden, "the hidden tests do not link with this code")
        else:
            res, notes, secs2, refused = runner.run(os.path.join(layout.trusted, "grade", t), hidden)
            g.hidden_notes += ["hidden tests: " + n for n in notes]
            if refused:
                g.notes.append("a test run was tampered with: every test of the chapter scores 0")
                g.hidden_notes.append("hidden tests: " + refused)
                return finish(zero(visible, "a test run was tampered with") + zero(hidden, refused))
            results += [TestResult(s, *res[s.name]) for s in hidden]
    return finish(results)


# ---------------------------------------------------------------------- results

def test_number(number, spec, index):
    if spec.exercises:
        return ",".join(spec.exercises)
    return "%s-t%02d" % (number, index)      # not an exercise number: the test's position


def tally(results, hidden):
    rs = [r for r in results if r.spec.hidden == hidden]
    return (sum(r.passed for r in rs), len(rs),
            sum(r.spec.points for r in rs if r.passed), sum(r.spec.points for r in rs))


def format_table(grades, with_hidden):
    head = ["chapter", "visible passed", "points"]
    if with_hidden:
        head += ["hidden passed", "points"]
    head += ["score", "max"]
    rows, tot = [], [0] * 8
    for g in grades:
        v, h = tally(g.results, False), tally(g.results, True)
        row = [g.label, "%d/%d" % v[:2], "%d/%d" % v[2:]]
        if with_hidden:
            row += ["%d/%d" % h[:2], "%d/%d" % h[2:]]
        score = v[2] + (h[2] if with_hidden else 0)
        mx = v[3] + (h[3] if with_hidden else 0)
        row += [str(score), str(mx)]
        rows.append(row)
        for i, x in enumerate(v + h):
            tot[i] += x
    foot = ["total", "%d/%d" % tuple(tot[0:2]), "%d/%d" % tuple(tot[2:4])]
    if with_hidden:
        foot += ["%d/%d" % tuple(tot[4:6]), "%d/%d" % tuple(tot[6:8])]
    foot += [str(tot[2] + (tot[6] if with_hidden else 0)), str(tot[3] + (tot[7] if with_hidden else 0))]
    widths = [max(len(r[i]) for r in [head] + rows + [foot]) for i in range(len(head))]

    def fmt(r):
        return "  ".join([r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in range(1, len(r))])

    rule = "-" * len(fmt(head))
    return "\n".join([fmt(head), rule] + [fmt(r) for r in rows] + [rule, fmt(foot)])


def gradescope_results(grades, hidden_visibility):
    tests = []
    for g in grades:
        for i, r in enumerate(g.results, 1):
            e = {"name": "ch%s: %s" % (g.number, r.spec.name),
                 "number": test_number(g.number, r.spec, i),
                 "score": r.spec.points if r.passed else 0,
                 "max_score": r.spec.points,
                 "output": "passed" if r.passed else truncate(r.output, MAX_TEST_OUTPUT),
                 "visibility": hidden_visibility if r.spec.hidden else "visible"}
            tags = [t for t in r.spec.tags if not t.startswith("points=")]
            if tags:
                e["tags"] = tags
            tests.append(e)
    n_hidden = sum(1 for g in grades for r in g.results if r.spec.hidden)
    hidden_pts = sum(r.spec.points for g in grades for r in g.results if r.spec.hidden)
    output = format_table(grades, False)
    if n_hidden:
        output += ("\n\n%d hidden test(s) worth %d point(s) are graded too; their results are "
                   "shown when the grades are published." % (n_hidden, hidden_pts))
    for g in grades:
        v = tally(g.results, False)
        lines = ["Chapter %s: %d/%d visible tests, %d/%d points" % ((g.label,) + v)]
        lines += ["  note: " + n for n in g.notes]
        if g.compile_error:
            lines.append("  compiler/linker messages (first lines):")
            lines += ["    " + l for l in g.compile_error.splitlines()]
        output += "\n\n" + "\n".join(lines)
    return {"score": sum(t["score"] for t in tests),
            "max_score": sum(t["max_score"] for t in tests),
            "output": truncate(output, 60000),
            "stdout_visibility": "visible",
            "tests": tests}


def write_results(path, results):
    path = os.path.abspath(path)
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".results-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


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
                   help="folder of hidden test files chNN_*.cpp (keep it outside the repository)")
    p.add_argument("--chapters", metavar="LIST", default="",
                   help="chapters to grade, e.g. 01,03 (default: every chapter with tests)")
    p.add_argument("--build", metavar="DIR", default=default_build_dir(),
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
                   help="time limit of one build step (default: %(default)s)")
    p.add_argument("--hidden-visibility", choices=VISIBILITIES, default="after_published",
                   help="Gradescope visibility of the hidden tests (default: %(default)s)")
    p.add_argument("--reference-as-student", action="store_true",
                   help="grade the reference solutions as if they were a student's (checks the "
                        "grader and the hidden tests; full marks expected)")
    p.add_argument("--sandbox", choices=("bwrap", "none"), default="bwrap",
                   help="bwrap: bubblewrap namespaces + rlimits (+ nobody when root); none: "
                        "rlimits (+ nobody when root) only, inside a disposable container "
                        "(default: %(default)s)")
    p.add_argument("--no-static-checks", action="store_true", help=argparse.SUPPRESS)
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


def select_chapters(args, available):
    if not args.chapters:
        return sorted(available)
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
    return sorted(set(wanted))


def grade(args):
    available = repo_chapters()
    if not available:
        raise InfraError("no chapter with tests found in %s" % REPO)
    wanted = select_chapters(args, available)
    extra = ""
    if args.extra_tests:
        extra = os.path.realpath(args.extra_tests)
        if not os.path.isdir(extra):
            raise UsageError("--extra-tests %s: no such folder" % extra)
        for public in ("chapters", "common", "tests", "datasets"):
            if is_within(extra, os.path.join(REPO, public)):
                raise UsageError("--extra-tests %s lies inside the repository's %s/, which "
                                 "the sandbox shows: keep hidden tests outside" % (extra, public))
        if is_within(extra, args.student):
            raise UsageError("--extra-tests %s lies inside the submission" % extra)
    sandbox = Sandbox(args.sandbox)
    layout = prepare_layout(args.build, sandbox)
    out_path = os.path.abspath(args.out)
    if is_within(out_path, layout.build):
        raise UsageError("--out must not be inside the build folder")
    log("grading %s (chapters %s)" % (os.path.realpath(args.student), ",".join(wanted)))
    if sandbox.mode == "none":
        log("warning: --sandbox none: student code runs with rlimits%s only, without namespaces"
            % (" as nobody" if sandbox.root else ""))
    hidden = hidden_test_files(extra, available)
    staged = stage_submission(args.student, layout, available, args.reference_as_student)
    configure(layout, extra)

    grades = []
    for number in wanted:
        g = grade_chapter(args, layout, sandbox, staged[number], number, available[number],
                          hidden.get(number, []))
        v, h = tally(g.results, False), tally(g.results, True)
        log("chapter %s: visible %d/%d tests, %d/%d points; hidden %d/%d tests, %d/%d points "
            "(%.1f s)" % ((g.label,) + v + h + (g.seconds,)))
        grades.append(g)

    log("")
    log(format_table(grades, any(r.spec.hidden for g in grades for r in g.results)))
    for g in grades:
        details = ["  note: " + n for n in g.notes] + ["  hidden: " + n for n in g.hidden_notes]
        if g.compile_error:
            details.append("  compiler/linker messages (first lines):")
            details += ["    " + l for l in g.compile_error.splitlines()]
        if details:
            log("")
            log("\n".join(["Chapter %s:" % g.label] + details))
    results = gradescope_results(grades, args.hidden_visibility)
    path = write_results(out_path, results)     # every sandboxed process is gone by now
    log("")
    log("results written to %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
