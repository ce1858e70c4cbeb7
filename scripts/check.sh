#!/usr/bin/env bash
# Run the tests of ONE exercise (or one chapter) against your code, building only what they need.
#
#   scripts/check.sh 3.6     exercise 3.6: builds ch03_test_student, runs the tests tagged [ex3.6]
#   scripts/check.sh 3       the whole of chapter 03 (also: 03, ch03)
#   scripts/check.sh 3.6 -s  extra arguments go to the test binary (Catch2: -s shows passing checks too)
#
# The build folder is ./build (NN_BUILD=... to change it); it is configured on first use as the
# student build (your code in chapters/, Release, Armadillo's shape checks on for your code).
# Failures are printed in full, then a one-line summary. Exit status 0 only if every test passed.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${NN_BUILD:-$here/build}

usage() {
  echo "usage: scripts/check.sh EXERCISE|CHAPTER [test-binary args]   e.g. scripts/check.sh 3.6   or   scripts/check.sh 03" >&2
  exit 2
}
[[ $# -ge 1 ]] || usage
arg=${1#ch}; shift
if [[ $arg =~ ^0*([1-9][0-9]*)\.([0-9]+)$ ]]; then
  chapter=${BASH_REMATCH[1]}; exercise="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
elif [[ $arg =~ ^0*([1-9][0-9]*)$ ]]; then
  chapter=${BASH_REMATCH[1]}; exercise=""
else
  echo "check.sh: '$arg' is neither an exercise (3.6) nor a chapter (03)" >&2
  usage
fi
nn=$(printf '%02d' "$chapter")
target=ch${nn}_test_student
if ! ls "$here"/tests/ch${nn}_*_test.cpp >/dev/null 2>&1; then
  echo "check.sh: chapter $nn has no tests (tests/ch${nn}_*_test.cpp not found)" >&2
  exit 2
fi

# 1. Configure once (the student build).
if [[ ! -f $build/CMakeCache.txt ]]; then
  launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  echo "check.sh: configuring the student build in $build (once)"
  if ! log=$(cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" 2>&1); then
    echo "$log"; echo "check.sh: cmake configure failed (see above)" >&2; exit 2
  fi
fi

# 2. Build only this chapter's student test binary (quiet unless it fails).
jobs=$(nproc 2>/dev/null || echo 2)
if ! log=$(cmake --build "$build" -j"$jobs" --target "$target" 2>&1); then
  echo "$log" | grep -v '^\[ *[0-9]*%\]' | grep -v '^gmake\|^make'
  echo
  echo "== BUILD FAILED: $target (chapter $nn). Fix the first error above, then run scripts/check.sh ${exercise:-$nn} again."
  exit 1
fi

# 3. Run the tests of the exercise (tag [exN.M]) or of the whole chapter.
bin=$build/tests/$target
filter=()
what="chapter $nn"
if [[ -n $exercise ]]; then
  filter=("[ex$exercise]"); what="exercise $exercise"
  names=$("$bin" --list-test-names-only "[ex$exercise]" 2>/dev/null)  # (its exit status is the count)
  if [[ -z ${names//[[:space:]]/} ]]; then
    echo "check.sh: no test is tagged [ex$exercise]: a written exercise, or not a coding exercise of chapter $nn."
    echo "Coding exercises with tests in chapter $nn:" \
      $( ("$bin" --list-tags 2>/dev/null || true) | grep -o '\[ex[0-9.]*\]' | tr -d '[]' | sed 's/^ex//' | sort -t. -k2n -u | tr '\n' ' ')
    exit 2
  fi
fi
out=$("$bin" "${filter[@]}" --use-colour no "$@" 2>&1)
status=$?
echo "$out"
summary=$(echo "$out" | grep -E '^(All tests passed|test cases:)' | tail -1)
echo
if [[ $status -eq 0 ]]; then
  echo "== $what: PASSED ($summary)"
else
  echo "== $what: FAILED ($summary). Read the first failure above; rerun with: scripts/check.sh ${exercise:-$nn}"
fi
exit $status
